package io.callrobot.bench.soak;

import java.util.ArrayList;
import java.util.List;

/** The soak's samples as the table {@code bench} prints. */
public final class SoakTable {

    private SoakTable() {
    }

    /** A header line, then one line per sample. */
    public static List<String> lines(List<SoakSample> samples) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%8s %9s %9s %8s %6s %8s", "time s", "calls up", "heap MiB", "threads", "fds", "sockets"));
        for (SoakSample s : samples) {
            lines.add(String.format("%8d %9d %9.1f %8d %6d %8d", s.at().toSeconds(), s.callsUp(),
                    s.heapBytes() / 1024.0 / 1024.0, s.platformThreads(), s.fds(), s.sockets()));
        }
        return lines;
    }
}
