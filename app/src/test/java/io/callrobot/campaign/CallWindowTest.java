package io.callrobot.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallWindowTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final CallWindow defaults = CallWindow.of(WindowSettings.defaults());

    private static Instant shanghai(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    private static WindowSettings window(ZoneId zone, EnumSet<DayOfWeek> days, String... hours) {
        return new WindowSettings(zone, days, List.of(hours).stream().map(HourRange::parse).toList(), List.of(),
                List.of());
    }

    // 2026-12-07 is a Monday, 2026-12-11 a Friday, 2026-12-12 a Saturday
    @ParameterizedTest(name = "{0} open: {1}")
    @CsvSource({
            "2026-12-07T08:59:59.999, false",
            "2026-12-07T09:00, true",        // a range's start is inside
            "2026-12-07T11:59:59.999, true",
            "2026-12-07T12:00, false",       // its end is outside
            "2026-12-07T13:59:59, false",
            "2026-12-07T14:00, true",
            "2026-12-07T19:59:59, true",
            "2026-12-07T20:00, false",
            "2026-12-11T10:00, true",
            "2026-12-12T10:00, false",       // Saturday
            "2026-12-13T15:00, false"        // Sunday
    })
    void defaultWindowIsWeekdayMorningsAndAfternoonsInShanghai(String local, boolean open) {
        assertThat(defaults.isOpen(shanghai(local))).isEqualTo(open);
    }

    @ParameterizedTest(name = "after {0}: {1}")
    @CsvSource({
            "2026-12-07T07:00, 2026-12-07T09:00",
            "2026-12-07T09:00, 2026-12-07T09:00",     // open now: now
            "2026-12-07T10:30, 2026-12-07T10:30",
            "2026-12-07T12:00, 2026-12-07T14:00",
            "2026-12-07T20:00, 2026-12-08T09:00",
            "2026-12-11T19:59:59, 2026-12-11T19:59:59",
            "2026-12-11T20:00, 2026-12-14T09:00",     // Friday evening: Monday
            "2026-12-13T23:59, 2026-12-14T09:00"
    })
    void nextOpening(String from, String opening) {
        assertThat(defaults.nextOpening(shanghai(from))).contains(shanghai(opening));
    }

    @Test
    void theZoneIsTheWindowsNotTheServers() {
        // 01:00 UTC is 09:00 in Shanghai
        assertThat(defaults.isOpen(Instant.parse("2026-12-07T01:00:00Z"))).isTrue();
        assertThat(defaults.isOpen(Instant.parse("2026-12-07T00:59:59Z"))).isFalse();
        assertThat(defaults.dayOf(Instant.parse("2026-12-06T16:00:00Z"))).isEqualTo(LocalDate.of(2026, 12, 7));
    }

    @Test
    void skipDatesCloseAndExtraDatesOpen() {
        WindowSettings settings = new WindowSettings(SHANGHAI, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                List.of(HourRange.parse("09:00-12:00")),
                List.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2)), // National Day, Thu and Fri
                List.of(LocalDate.of(2026, 10, 10)));                          // a Saturday worked by decree (调休)
        CallWindow window = CallWindow.of(settings);
        assertThat(window.isOpen(shanghai("2026-10-01T10:00"))).isFalse();
        assertThat(window.nextOpening(shanghai("2026-09-30T13:00"))).contains(shanghai("2026-10-05T09:00"));
        assertThat(window.isOpen(shanghai("2026-10-10T10:00"))).isTrue();
        assertThat(window.isOpen(shanghai("2026-10-17T10:00"))).isFalse();
        assertThat(window.nextOpening(shanghai("2026-10-09T12:00"))).contains(shanghai("2026-10-10T09:00"));
    }

    @Test
    void aRangeMayEndAtMidnight() {
        CallWindow window = CallWindow.of(window(SHANGHAI, EnumSet.of(DayOfWeek.MONDAY), "20:00-24:00"));
        assertThat(window.isOpen(shanghai("2026-12-07T23:59:59.999"))).isTrue();
        assertThat(window.isOpen(shanghai("2026-12-08T00:00"))).isFalse(); // Tuesday's own rules apply
        assertThat(window.nextOpening(shanghai("2026-12-08T00:00"))).contains(shanghai("2026-12-14T20:00"));
    }

    @Test
    void hoursStayLocalAcrossDaylightSaving() {
        CallWindow window = CallWindow.of(window(NEW_YORK, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                "09:00-17:00"));
        // 09:00 is 14:00 UTC before the change (EST, Friday 6 March 2026), 13:00 UTC after (EDT, Monday 9 March)
        assertThat(window.nextOpening(Instant.parse("2026-03-06T06:00:00Z"))).contains(Instant.parse("2026-03-06T14:00:00Z"));
        assertThat(window.nextOpening(Instant.parse("2026-03-06T22:00:00Z"))).contains(Instant.parse("2026-03-09T13:00:00Z"));
        assertThat(window.isOpen(Instant.parse("2026-03-09T13:30:00Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-03-06T13:30:00Z"))).isFalse();
    }

    @Test
    void aStartSkippedBySpringForwardOpensAtTheEndOfTheGap() {
        // Sunday 8 March 2026: 02:00 EST jumps to 03:00 EDT (07:00 UTC); local 02:30 never happens
        CallWindow window = CallWindow.of(window(NEW_YORK, EnumSet.of(DayOfWeek.SUNDAY), "02:30-04:00"));
        Instant gapEnd = Instant.parse("2026-03-08T07:00:00Z");
        assertThat(window.isOpen(gapEnd.minusMillis(1))).isFalse(); // 01:59:59.999 EST
        assertThat(window.isOpen(gapEnd)).isTrue();                  // 03:00 EDT, inside 02:30-04:00
        assertThat(window.nextOpening(Instant.parse("2026-03-08T05:00:00Z"))).contains(gapEnd);
        assertThat(window.isOpen(Instant.parse("2026-03-08T08:00:00Z"))).isFalse(); // 04:00 EDT
        // a range wholly inside the gap does not open that day
        CallWindow lost = CallWindow.of(window(NEW_YORK, EnumSet.of(DayOfWeek.SUNDAY), "02:10-02:50"));
        assertThat(lost.nextOpening(Instant.parse("2026-03-08T05:00:00Z")))
                .contains(LocalDateTime.parse("2026-03-15T02:10").atZone(NEW_YORK).toInstant());
    }

    @Test
    void anHourRepeatedByFallBackIsOpenBothTimes() {
        // Sunday 1 November 2026: 02:00 EDT falls back to 01:00 EST; 01:00-01:30 local happens twice
        CallWindow window = CallWindow.of(window(NEW_YORK, EnumSet.of(DayOfWeek.SUNDAY), "01:00-01:30"));
        Instant firstTime = Instant.parse("2026-11-01T05:00:00Z");  // 01:00 EDT
        Instant secondTime = Instant.parse("2026-11-01T06:00:00Z"); // 01:00 EST
        assertThat(window.nextOpening(Instant.parse("2026-11-01T03:00:00Z"))).contains(firstTime);
        assertThat(window.isOpen(firstTime.plusSeconds(29 * 60))).isTrue();
        assertThat(window.isOpen(firstTime.plusSeconds(30 * 60))).isFalse();
        assertThat(window.nextOpening(firstTime.plusSeconds(30 * 60))).contains(secondTime);
        assertThat(window.isOpen(secondTime.plusSeconds(30 * 60))).isFalse();
    }

    @Test
    void anInvalidWindowFailsClosed() {
        for (WindowSettings invalid : List.of(
                new WindowSettings(SHANGHAI, EnumSet.allOf(DayOfWeek.class), List.of(), List.of(), List.of()),
                new WindowSettings(SHANGHAI, EnumSet.noneOf(DayOfWeek.class), List.of(HourRange.parse("00:00-24:00")),
                        List.of(), List.of()),
                window(SHANGHAI, EnumSet.allOf(DayOfWeek.class), "00:00-12:00", "11:00-24:00"))) {
            CallWindow window = CallWindow.of(invalid);
            assertThat(window.problems()).isNotEmpty();
            assertThat(window.isOpen(shanghai("2026-12-07T11:30"))).isFalse();
            assertThat(window.nextOpening(shanghai("2026-12-07T11:30"))).isEmpty();
        }
    }

    @Test
    void aWindowWhoseLastDateHasPassedNeverOpens() {
        CallWindow window = CallWindow.of(new WindowSettings(SHANGHAI, EnumSet.noneOf(DayOfWeek.class),
                List.of(HourRange.parse("09:00-12:00")), List.of(), List.of(LocalDate.of(2026, 12, 12))));
        assertThat(window.problems()).isEmpty();
        assertThat(window.nextOpening(shanghai("2026-12-01T00:00"))).contains(shanghai("2026-12-12T09:00"));
        assertThat(window.nextOpening(shanghai("2026-12-12T12:00"))).isEqualTo(Optional.empty());
    }

    @Test
    void nextOpeningAfterTheDayIsForDailyCaps() {
        assertThat(defaults.nextOpeningAfterDay(shanghai("2026-12-07T10:00"))).contains(shanghai("2026-12-08T09:00"));
        assertThat(defaults.nextOpeningAfterDay(shanghai("2026-12-11T10:00"))).contains(shanghai("2026-12-14T09:00"));
        assertThat(defaults.nextOpeningAfterDay(shanghai("2026-12-07T00:00"))).contains(shanghai("2026-12-08T09:00"));
    }
}
