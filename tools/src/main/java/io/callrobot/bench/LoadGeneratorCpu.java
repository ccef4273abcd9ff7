package io.callrobot.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this JVM, the load generator (simulated switch, callers, fakes), so that the bench
 * reports it apart from the robot's own process.
 */
final class LoadGeneratorCpu {

    private final com.sun.management.OperatingSystemMXBean os;

    LoadGeneratorCpu() {
        this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
                ? bean : null;
    }

    /** Process CPU time so far in nanoseconds, or -1 if the platform does not report it. */
    long nanos() {
        return os == null ? -1 : os.getProcessCpuTime();
    }

    /** Cores used between two {@link #nanos()} readings taken {@code wallNanos} apart; NaN if unknown. */
    static double cores(long startNanos, long endNanos, long wallNanos) {
        return startNanos < 0 || endNanos < 0 || wallNanos <= 0 ? Double.NaN : (endNanos - startNanos) / (double) wallNanos;
    }
}
