package io.callrobot.bench.cpu;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Groups a JVM's threads by their kernel names: a pool's threads under one name with digits folded
 * to {@code #} ({@code asr-ws-3-1} is {@code asr-ws-#-#}), and the JVM's own kinds of thread under
 * a word for what they do.
 */
final class ThreadNames {

    static final String JIT_COMPILER = "JIT compiler";
    static final String GC = "GC";
    static final String CARRIERS = "virtual-thread carriers";

    /** HotSpot's compileBroker names its threads "C1 CompilerThread<n>", "C2 CompilerThread<n>" (JVMCI: "JVMCI CompilerThread<n>"). */
    private static final Pattern COMPILER = Pattern.compile("^(C1|C2|JVMCI) CompilerT");
    /** G1's workers are "GC Thread#<n>", its other threads "G1 Conc#<n>", "G1 Refine#<n>", "G1 Main Marker", "G1 Service". */
    private static final Pattern COLLECTOR = Pattern.compile("^(GC Thread#|G1 )");
    /** java.util.concurrent.ForkJoinPool names its workers "ForkJoinPool-<pool>-worker-<n>"; the virtual-thread scheduler is one. */
    private static final Pattern CARRIER = Pattern.compile("^ForkJoinPool-\\d+(-|$)");
    /** proc(5): comm is cut to TASK_COMM_LEN (16) bytes with its terminating NUL, so a name this long may have been longer. */
    private static final int COMM_MAX_BYTES = 15;

    private ThreadNames() {
    }

    /** The group of a thread named {@code comm} in /proc; a name that may have been cut ends with "…". */
    static String group(String comm) {
        if (COMPILER.matcher(comm).find()) {
            return JIT_COMPILER;
        }
        if (COLLECTOR.matcher(comm).find()) {
            return GC;
        }
        if (CARRIER.matcher(comm).find()) {
            return CARRIERS;
        }
        String folded = comm.replaceAll("\\d+", "#");
        return comm.getBytes(StandardCharsets.UTF_8).length >= COMM_MAX_BYTES ? folded + "…" : folded;
    }
}
