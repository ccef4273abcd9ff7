package io.callrobot.bench.cpu;

/** Stat lines as Linux writes /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat, with the figures a test sets. */
final class StatLines {

    private StatLines() {
    }

    /**
     * All 52 fields of a line; the others copied from a JVM's line, with the children's times (fields
     * 16 and 17) and the thread count (20) set apart from the figures read.
     */
    static String line(long id, String comm, long startTicks, long userTicks, long kernelTicks) {
        return id + " (" + comm + ") S 6436 6436 5884 0 -1 4194368 10589 0 4 0 " + userTicks + " " + kernelTicks
                + " 7777 8888 20 0 22 0 " + startTicks
                + " 9099948032 26752 18446744073709551615 94777991004160 94777991005165 140725799476016 0 0 0 0 0"
                + " 16800975 0 0 0 17 1 0 0 0 0 0 94777991015744 94777991016464 94778734448640 140725799479882"
                + " 140725799479894 140725799479894 140725799481293 0\n";
    }

    static TaskStat stat(long id, String comm, long startTicks, long userTicks, long kernelTicks) {
        return new TaskStat(id, comm, startTicks, userTicks, kernelTicks);
    }
}
