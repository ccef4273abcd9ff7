package io.callrobot.bench;

import java.time.Duration;

/**
 * Issue 12's per-call budgets for the robot, and the arithmetic that checks a run against them:
 * robot CPU per call-second and live heap per call.
 */
final class Budgets {

    /** At most 1 ms of robot CPU per second a call is up, Silero VAD on: about 1000 calls on one core. */
    static final double CPU_MILLIS_PER_CALL_SECOND = 1.0;
    /** At most 100 KiB of live heap per call up. */
    static final double LIVE_HEAP_KIB_PER_CALL = 100;

    private Budgets() {
    }

    /**
     * Milliseconds of robot CPU per call-second: the CPU the robot used over a part of the run divided
     * by the seconds calls were up in that part, summed over calls; NaN when no call was up.
     */
    static double cpuMillisPerCallSecond(Duration cpu, double callSeconds) {
        return callSeconds > 0 ? cpu.toNanos() / 1e6 / callSeconds : Double.NaN;
    }

    /** KiB of live heap per call: (with the calls up − idle) / calls up; NaN when no call was up. */
    static double liveHeapKibPerCall(long idleBytes, long loadedBytes, int callsUp) {
        return callsUp > 0 ? (loadedBytes - idleBytes) / 1024.0 / callsUp : Double.NaN;
    }

    /** {@code "budget 1 ms: within"} or {@code "budget 1 ms: over by 2.40 ms"}; NaN is not measured. */
    static String against(double value, double budget, String unit) {
        String head = String.format("budget %s %s: ", trim(budget), unit);
        if (Double.isNaN(value)) {
            return head + "not measured";
        }
        return value <= budget ? head + "within" : head + String.format("over by %.2f %s", value - budget, unit);
    }

    private static String trim(double budget) {
        return budget == Math.rint(budget) ? Long.toString((long) budget) : Double.toString(budget);
    }
}
