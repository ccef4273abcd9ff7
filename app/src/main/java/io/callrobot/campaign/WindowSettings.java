package io.callrobot.campaign;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When a campaign's calls may start, in the callees' time zone. Calls in progress when a window
 * closes run to their end. {@link CallWindow} applies it.
 *
 * @param timezone   the zone the days and hours are in
 * @param days       weekdays to call on
 * @param hours      ranges of the day to start calls in (start inclusive, end exclusive)
 * @param skipDates  dates not to call on whatever their weekday (public holidays)
 * @param extraDates dates to call on although their weekday is not in {@code days}: China's
 *                   make-up working days (调休), weekends that are working days by decree
 */
public record WindowSettings(ZoneId timezone, Set<DayOfWeek> days, List<HourRange> hours, List<LocalDate> skipDates,
        List<LocalDate> extraDates) {

    public WindowSettings {
        Objects.requireNonNull(timezone, "timezone");
        days = days.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(days));
        hours = List.copyOf(hours);
        skipDates = List.copyOf(skipDates);
        extraDates = List.copyOf(extraDates);
    }

    /**
     * Asia/Shanghai, Monday to Friday, 09:00-12:00 and 14:00-20:00. Chinese collection guidance
     * allows calls between 08:00 and 21:00 only (中国互联网金融协会《互联网金融个人网络消费信贷贷后催收风控指引》);
     * these hours keep a margin at both ends, skip the midday rest (午休) when calls draw
     * complaints, and keep to working days.
     */
    public static WindowSettings defaults() {
        return new WindowSettings(ZoneId.of("Asia/Shanghai"),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                List.of(new HourRange(9 * 60, 12 * 60), new HourRange(14 * 60, 20 * 60)), List.of(), List.of());
    }

    /** What makes this window unusable, each naming its field; empty when it is valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (hours.isEmpty()) {
            problems.add("window.hours: no range of hours to call in");
        }
        for (int i = 0; i < hours.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (hours.get(i).overlaps(hours.get(j))) {
                    problems.add("window.hours[" + i + "]: \"" + hours.get(i) + "\" overlaps \"" + hours.get(j) + "\"");
                    break;
                }
            }
        }
        if (days.isEmpty() && extraDates.isEmpty()) {
            problems.add("window.days: no day to call on");
        }
        Set<LocalDate> skipped = new HashSet<>(skipDates);
        for (int i = 0; i < extraDates.size(); i++) {
            if (skipped.contains(extraDates.get(i))) {
                problems.add("window.extraDates[" + i + "]: " + extraDates.get(i) + " is also in skipDates");
            }
        }
        return problems;
    }
}
