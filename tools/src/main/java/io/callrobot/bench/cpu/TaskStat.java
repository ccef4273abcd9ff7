package io.callrobot.bench.cpu;

/**
 * The CPU figures of one line of {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat}.
 *
 * @param id          the process or thread id (field 1)
 * @param comm        its name (field 2), as the kernel keeps it: at most 15 bytes
 * @param startTicks  when it started, in clock ticks after boot (field 22): with {@code id}, tells a
 *                    thread from a later one that was given the same id
 * @param userTicks   time scheduled in user mode, in clock ticks (field 14)
 * @param kernelTicks time scheduled in kernel mode, in clock ticks (field 15)
 */
public record TaskStat(long id, String comm, long startTicks, long userTicks, long kernelTicks) {

    // proc(5): "(14) utime", "(15) stime", "(22) starttime"; after comm, fields count from 3
    private static final int FIRST_AFTER_COMM = 3;
    private static final int UTIME = 14;
    private static final int STIME = 15;
    private static final int STARTTIME = 22;

    /**
     * Parses one stat line.
     *
     * @throws IllegalArgumentException naming what is missing or not a number
     */
    public static TaskStat parse(String line) {
        // proc(5): "(2) comm %s ... in parentheses"; the name itself may hold spaces and ')', so it ends at the last ')'
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line, no (name): " + head(line));
        }
        String[] fields = line.substring(close + 1).strip().split(" +");
        if (fields.length < STARTTIME - FIRST_AFTER_COMM + 1) {
            throw new IllegalArgumentException("a /proc stat line has at least " + STARTTIME + " fields, this one "
                    + (fields.length + FIRST_AFTER_COMM - 1) + ": " + head(line));
        }
        return new TaskStat(number(line.substring(0, open).strip(), "id", line), line.substring(open + 1, close),
                number(fields[STARTTIME - FIRST_AFTER_COMM], "starttime", line),
                number(fields[UTIME - FIRST_AFTER_COMM], "utime", line),
                number(fields[STIME - FIRST_AFTER_COMM], "stime", line));
    }

    private static long number(String field, String name, String line) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("/proc stat field " + name + " is not a number: '" + field + "' in "
                    + head(line));
        }
    }

    private static String head(String line) {
        String first = line.lines().findFirst().orElse("");
        return first.length() > 80 ? first.substring(0, 80) + "..." : first;
    }
}
