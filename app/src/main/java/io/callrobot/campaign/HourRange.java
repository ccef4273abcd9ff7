package io.callrobot.campaign;

/**
 * Part of a day when calls may start, from {@code start} inclusive to {@code end} exclusive, in
 * minutes after local midnight; written {@code "09:00-12:00"}. A range ends on the day it starts:
 * {@code 24:00} may end one, and a range over midnight is two ranges ({@code 20:00-24:00} and
 * {@code 00:00-02:00}, the second on the next day's schedule), so which day's rules apply is never
 * in doubt.
 */
public record HourRange(int startMinute, int endMinute) {

    public HourRange {
        if (startMinute < 0 || startMinute >= 24 * 60 || endMinute <= startMinute || endMinute > 24 * 60) {
            throw new IllegalArgumentException("not a range within one day: " + startMinute + "-" + endMinute);
        }
    }

    /**
     * Reads {@code "HH:MM-HH:MM"} (hours may have one digit).
     *
     * @throws IllegalArgumentException with what is wrong, worded to follow the quoted text:
     *                                  {@code ends before it starts}
     */
    public static HourRange parse(String text) {
        String[] parts = text.split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("is not a range like \"09:00-12:00\"");
        }
        int start = minutes(parts[0].strip());
        int end = minutes(parts[1].strip());
        if (start == 24 * 60) {
            throw new IllegalArgumentException("starts at 24:00, the end of the day");
        }
        if (end == start) {
            throw new IllegalArgumentException("is empty: it ends where it starts");
        }
        if (end < start) {
            throw new IllegalArgumentException("ends before it starts (a range cannot cross midnight: write "
                    + format(start) + "-24:00 and 00:00-" + format(end) + ")");
        }
        return new HourRange(start, end);
    }

    private static int minutes(String time) {
        int colon = time.indexOf(':');
        if (colon < 1 || colon > 2 || time.length() != colon + 3 || !digits(time, 0, colon)
                || !digits(time, colon + 1, time.length())) {
            throw new IllegalArgumentException("is not a range like \"09:00-12:00\"");
        }
        int hours = Integer.parseInt(time, 0, colon, 10);
        int minutes = Integer.parseInt(time, colon + 1, time.length(), 10);
        if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) {
            throw new IllegalArgumentException("has " + time + ", which is no time of day");
        }
        return hours * 60 + minutes;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return from < to;
    }

    /** Whether the two ranges share a minute. */
    public boolean overlaps(HourRange other) {
        return startMinute < other.endMinute && other.startMinute < endMinute;
    }

    private static String format(int minute) {
        return String.format("%02d:%02d", minute / 60, minute % 60);
    }

    /** {@code "09:00-12:00"}. */
    @Override
    public String toString() {
        return format(startMinute) + "-" + format(endMinute);
    }
}
