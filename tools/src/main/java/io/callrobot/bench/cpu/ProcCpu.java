package io.callrobot.bench.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a process's CPU time, in all and per thread, from Linux's /proc: {@code <root>/<pid>/stat}
 * and {@code <root>/<pid>/task/<tid>/stat}.
 */
public final class ProcCpu {

    /** What {@code sysconf(_SC_CLK_TCK)} is on Linux unless the kernel was built otherwise. */
    static final long DEFAULT_TICKS_PER_SECOND = 100;

    /** A reading of the threads is close enough when the process's figure moved by at most this meanwhile. */
    static final long STILL_TICKS = 1;
    /** Readings of the threads at most, for one snapshot. */
    static final int ATTEMPTS = 5;

    private final Path process;
    private final long ticksPerSecond;

    private ProcCpu(Path process, long ticksPerSecond) {
        this.process = process;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The reader of process {@code pid} under {@code root}; empty when it has no readable stat file. */
    public static Optional<ProcCpu> of(Path root, long pid, long ticksPerSecond) {
        Path process = root.resolve(Long.toString(pid));
        return Files.isReadable(process.resolve("stat")) ? Optional.of(new ProcCpu(process, ticksPerSecond))
                : Optional.empty();
    }

    /** {@code getconf CLK_TCK}, the unit of /proc's CPU times; {@value #DEFAULT_TICKS_PER_SECOND} if it cannot say. */
    public static long clockTicksPerSecond() throws InterruptedException {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!getconf.waitFor(10, TimeUnit.SECONDS)) {
                getconf.destroyForcibly();
                return DEFAULT_TICKS_PER_SECOND;
            }
            long ticks = getconf.exitValue() == 0 ? Long.parseLong(out) : DEFAULT_TICKS_PER_SECOND;
            return ticks > 0 ? ticks : DEFAULT_TICKS_PER_SECOND;
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_TICKS_PER_SECOND;
        }
    }

    /**
     * The process and its live threads now. A thread that ends while they are read is left out: its
     * time is in the process's figure.
     *
     * <p>The threads are read one after the other while the process runs on, so the process's own
     * figure, read before and after them, says how far apart the readings are: when it moved by more
     * than {@value #STILL_TICKS} tick (this reader kept off the CPU meanwhile), they are read again,
     * up to {@value #ATTEMPTS} times, and the closest reading is kept. Without that, the time the
     * process used while its threads were read would show as the time of threads that ended.
     *
     * @throws IOException when the process is gone, or a stat file is not what proc(5) describes
     */
    public CpuSnapshot snapshot() throws IOException {
        CpuSnapshot closest = null;
        long closestSpread = Long.MAX_VALUE;
        for (int attempt = 0; attempt < ATTEMPTS && closestSpread > STILL_TICKS; attempt++) {
            TaskStat before = readProcess();
            Map<Long, TaskStat> threads = readThreads();
            // the figure after the threads holds at least all of their time
            TaskStat after = readProcess();
            long spread = after.userTicks() + after.kernelTicks() - before.userTicks() - before.kernelTicks();
            if (spread < closestSpread) {
                closest = new CpuSnapshot(ticksPerSecond, after, threads);
                closestSpread = spread;
            }
        }
        return closest;
    }

    private TaskStat readProcess() throws IOException {
        Path stat = process.resolve("stat");
        return parse(stat, Files.readString(stat));
    }

    private Map<Long, TaskStat> readThreads() throws IOException {
        Map<Long, TaskStat> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(process.resolve("task"))) {
            for (Path task : tasks) {
                String line = readIfAlive(task);
                if (line != null) {
                    TaskStat thread = parse(task.resolve("stat"), line);
                    threads.put(thread.id(), thread);
                }
            }
        }
        return threads;
    }

    /** The thread's stat line, or null when the thread ended after the directory was listed. */
    private static String readIfAlive(Path task) throws IOException {
        try {
            return Files.readString(task.resolve("stat"));
        } catch (NoSuchFileException ended) {
            return null;
        } catch (IOException e) {
            // a thread reaped while its file is read fails with ESRCH, and its directory is gone
            if (Files.exists(task)) {
                throw e;
            }
            return null;
        }
    }

    private static TaskStat parse(Path file, String line) throws IOException {
        try {
            return TaskStat.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
