package io.callrobot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The robot's threads at one instant, counted from a JSON thread dump
 * ({@code jcmd <pid> Thread.dump_to_file -format=json}) or, platform threads only, from
 * {@code jcmd <pid> Thread.print}: platform threads, virtual threads, and the platform threads by
 * name with digits folded to {@code #}, so a pool's threads add up under one name.
 *
 * @param virtual -1 when the dump does not say which threads are virtual (a JDK before 25 wrote it,
 *     or it came from {@code Thread.print}, which lists no virtual threads)
 */
record ThreadCensus(int platform, int virtual, Map<String, Integer> platformByName) {

    /** Counts the threads of every container of {@code dump}, the root of the file. */
    static ThreadCensus of(JsonNode dump) {
        int platform = 0;
        int virtual = 0;
        boolean marked = false;
        Map<String, Integer> byName = new TreeMap<>();
        // JDK 25 thread dump format: threadDump.threadContainers[].threads[] with "name" and, for virtual threads, "virtual": true
        for (JsonNode container : dump.path("threadDump").path("threadContainers")) {
            for (JsonNode thread : container.path("threads")) {
                marked |= thread.has("virtual");
                if (thread.path("virtual").asBoolean()) {
                    virtual++;
                } else {
                    platform++;
                    byName.merge(thread.path("name").asText().replaceAll("\\d+", "#"), 1, Integer::sum);
                }
            }
        }
        return new ThreadCensus(platform, marked || marksVirtual(dump) ? virtual : -1, byName);
    }

    // Thread.print heads each Java thread with: "name" #id [nid] ...; the JVM's own threads (GC, VM) have no #id
    private static final Pattern JAVA_THREAD = Pattern.compile("^\"(.*)\" #\\d+ ", Pattern.MULTILINE);

    /**
     * Counts the Java platform threads of a {@code jcmd Thread.print} dump. Unlike the JSON dump it
     * does not snapshot every virtual thread's stack, which crashed a JDK 25.0.3 robot under load
     * (SIGSEGV in {@code ThreadSnapshot.create} with a few thousand virtual threads).
     */
    static ThreadCensus ofThreadPrint(String dump) {
        Map<String, Integer> byName = new TreeMap<>();
        Matcher m = JAVA_THREAD.matcher(dump);
        int platform = 0;
        while (m.find()) {
            platform++;
            byName.merge(m.group(1).replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        return new ThreadCensus(platform, -1, byName);
    }

    /** Whether the dump's JDK marks virtual threads (JDK 25 does), so that none marked means none. */
    private static boolean marksVirtual(JsonNode dump) {
        try {
            return Runtime.Version.parse(dump.path("threadDump").path("runtimeVersion").asText()).feature() >= 25;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The {@code n} most common platform thread names, e.g. {@code "OkHttp TaskRunner ×3, call-timers ×1"}. */
    String commonestPlatform(int n) {
        return platformByName.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
