package io.callrobot.campaign;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When calls may start ({@link WindowSettings} applied): on a day that is one of {@code days} or
 * an extra date and not a skip date, from a range's start (inclusive) to its end (exclusive), all
 * in local time of the window's zone. Time-zone changes are taken as the zone's rules make them:
 * a range's start that a daylight-saving gap skips opens at the end of the gap, and an hour that
 * a fall-back repeats is open both times. An invalid window fails closed: it never opens, and
 * {@link #problems()} says why. Immutable and thread-safe.
 */
public final class CallWindow {

    /** Searching further than this for an opening means the window will not open: over two years. */
    private static final int HORIZON_DAYS = 800;

    private final ZoneId zone;
    private final Set<DayOfWeek> days;
    private final List<HourRange> hours;
    private final Set<LocalDate> skipDates;
    private final Set<LocalDate> extraDates;
    private final List<String> problems;

    private CallWindow(WindowSettings settings, List<String> problems) {
        this.zone = settings.timezone();
        this.days = settings.days();
        this.hours = settings.hours().stream().sorted(Comparator.comparingInt(HourRange::startMinute)).toList();
        this.skipDates = Set.copyOf(settings.skipDates());
        this.extraDates = Set.copyOf(settings.extraDates());
        this.problems = List.copyOf(problems);
    }

    /** The window {@code settings} describe; closed for good if they are invalid. */
    public static CallWindow of(WindowSettings settings) {
        return new CallWindow(settings, settings.problems());
    }

    /** Why the window never opens; empty when it is valid. */
    public List<String> problems() {
        return problems;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether a call may start at {@code at}. */
    public boolean isOpen(Instant at) {
        if (!problems.isEmpty()) {
            return false;
        }
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        if (!callsOn(local.toLocalDate())) {
            return false;
        }
        long nanoOfDay = local.toLocalTime().toNanoOfDay();
        for (HourRange range : hours) {
            if (nanoOfDay >= minutesToNanos(range.startMinute()) && nanoOfDay < minutesToNanos(range.endMinute())) {
                return true;
            }
        }
        return false;
    }

    /** {@code from} itself if open, else the first instant after it that is; empty if none comes. */
    public Optional<Instant> nextOpening(Instant from) {
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        if (isOpen(from)) {
            return Optional.of(from);
        }
        LocalDate date = LocalDate.ofInstant(from, zone);
        for (int i = 0; i <= HORIZON_DAYS; i++, date = date.plusDays(1)) {
            if (!callsOn(date)) {
                continue;
            }
            Instant first = null;
            for (HourRange range : hours) {
                for (Instant start : startsOf(date, range.startMinute())) {
                    if (!start.isBefore(from) && isOpen(start) && (first == null || start.isBefore(first))) {
                        first = start;
                    }
                }
            }
            if (first != null) {
                return Optional.of(first);
            }
        }
        return Optional.empty();
    }

    /**
     * The first opening on a later local date than {@code at}'s: where a contact or campaign that
     * reached its daily cap may go on.
     */
    public Optional<Instant> nextOpeningAfterDay(Instant at) {
        return nextOpening(dayOf(at).plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** The local date of {@code at} in the window's zone: the day daily caps count in. */
    public LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }

    private boolean callsOn(LocalDate date) {
        return !skipDates.contains(date) && (days.contains(date.getDayOfWeek()) || extraDates.contains(date));
    }

    /**
     * The instants when local time reaches {@code minute} on {@code date}: one, two where a
     * fall-back repeats it, or the gap's end where a spring-forward skips it (the first instant
     * whose local time is past it).
     */
    private List<Instant> startsOf(LocalDate date, int minute) {
        LocalDateTime local = date.atTime(minute / 60, minute % 60);
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return List.of(rules.getTransition(local).getInstant());
        }
        return offsets.stream().map(local::toInstant).toList();
    }

    private static long minutesToNanos(int minutes) {
        return minutes * 60_000_000_000L;
    }
}
