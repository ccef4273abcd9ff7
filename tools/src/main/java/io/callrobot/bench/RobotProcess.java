package io.callrobot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.bench.cpu.CpuSnapshot;
import io.callrobot.bench.cpu.ProcCpu;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The robot under test, in a JVM of its own so that its CPU time and heap are measured apart from
 * the simulated switch and the fake providers that load it.
 */
final class RobotProcess implements AutoCloseable {

    /** The last line of a class histogram: {@code Total <instances> <bytes>}. */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    private final Process process;
    private final int eslPort;
    private final int httpPort;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Empty where there is no /proc (not Linux). */
    private final Optional<ProcCpu> procCpu;

    private RobotProcess(Process process, int eslPort, int httpPort, long clockTicksPerSecond) {
        this.process = process;
        this.eslPort = eslPort;
        this.httpPort = httpPort;
        this.procCpu = ProcCpu.of(Path.of("/proc"), process.pid(), clockTicksPerSecond);
    }

    /** Starts {@code callrobot serve} from this jar with {@code env} added, and waits until /health is ready. */
    static RobotProcess start(Map<String, String> env, Path log) throws IOException, InterruptedException {
        return start(env, log, List.of());
    }

    /** {@link #start(Map, Path)} with {@code launcher} (e.g. {@code taskset -c 1}) before the java command. */
    static RobotProcess start(Map<String, String> env, Path log, List<String> launcher)
            throws IOException, InterruptedException {
        int esl = freePort();
        int httpPort = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(java, "-Xms1g", "-Xmx4g"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // netty; JDK 24+ warns otherwise
        }
        command.addAll(List.of("-cp", classpath, "io.callrobot.cli.Main", "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("CALLROBOT_ESL_PORT", Integer.toString(esl));
        builder.environment().put("CALLROBOT_HTTP_PORT", Integer.toString(httpPort));
        long clockTicks = ProcCpu.clockTicksPerSecond();
        RobotProcess robot = new RobotProcess(builder.start(), esl, httpPort, clockTicks);
        robot.awaitReady(Duration.ofSeconds(60), log);
        return robot;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the robot exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IOException("the robot was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    int eslPort() {
        return eslPort;
    }

    /** The port of its ops HTTP server, which also serves the JSON API. */
    int httpPort() {
        return httpPort;
    }

    /** The robot's open file descriptors and sockets now. */
    OpenFiles openFiles() throws IOException {
        return OpenFiles.of(process.pid());
    }

    /** CPU time the robot's process has used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The robot's user and kernel CPU time so far, in all and per thread; empty where there is no /proc. */
    Optional<CpuSnapshot> cpuByThread() throws IOException {
        return procCpu.isPresent() ? Optional.of(procCpu.get().snapshot()) : Optional.empty();
    }

    /**
     * Bytes of live objects, from {@code jcmd GC.class_histogram} (it collects, then counts what is
     * reachable, in one pause). The heap gauges on /metrics would also count what the calls
     * allocated between a forced collection and the scrape.
     */
    long liveHeap() throws IOException, InterruptedException {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!histogram.waitFor(60, TimeUnit.SECONDS) || histogram.exitValue() != 0) {
            throw new IOException("jcmd GC.class_histogram failed: " + out.lines().findFirst().orElse(""));
        }
        Matcher total = HISTOGRAM_TOTAL.matcher(out);
        if (!total.find()) {
            throw new IOException("no Total line in jcmd GC.class_histogram output");
        }
        return Long.parseLong(total.group(1));
    }

    /**
     * Counts the robot's platform and virtual threads now, from a JSON thread dump written to
     * {@code file} by {@code jcmd Thread.dump_to_file} (the JVM's own thread counters, on /metrics,
     * see only platform threads).
     */
    ThreadCensus threads(Path file) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.dump_to_file",
                "-format=json", file.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!dump.waitFor(60, TimeUnit.SECONDS) || dump.exitValue() != 0 || !Files.exists(file)) {
            throw new IOException("jcmd Thread.dump_to_file failed: " + out.strip());
        }
        return ThreadCensus.of(new ObjectMapper().readTree(file.toFile()));
    }

    /**
     * Counts the robot's platform threads now from {@code jcmd Thread.print}: safe under load,
     * where the JSON dump of {@link #threads} walked thousands of virtual threads and crashed the
     * robot's JVM once (see {@link ThreadCensus#ofThreadPrint}).
     */
    ThreadCensus platformThreads() throws IOException, InterruptedException {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                .redirectErrorStream(true).start();
        String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!dump.waitFor(60, TimeUnit.SECONDS) || dump.exitValue() != 0) {
            throw new IOException("jcmd Thread.print failed: " + out.lines().findFirst().orElse(""));
        }
        return ThreadCensus.ofThreadPrint(out);
    }

    /** The value of a gauge or counter without tags on the robot's {@code /metrics}, or NaN if absent. */
    double metric(String name) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
