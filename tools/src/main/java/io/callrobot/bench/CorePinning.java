package io.callrobot.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --pin}: the robot's JVM on core 1 and this one, the load generator, on core 0, with
 * util-linux {@code taskset}, so each CPU figure says which core did the work.
 *
 * @param robotLauncher what goes before the robot's {@code java} command (empty: not pinned)
 * @param description   what was pinned, or why not, for the report
 */
record CorePinning(List<String> robotLauncher, String description) {

    private static final String NONE = "not pinned";

    static CorePinning none() {
        return new CorePinning(List.of(), NONE);
    }

    /** Pins this JVM to core 0 now and the robot, once started, to core 1; or says why it cannot. */
    static CorePinning pin() throws InterruptedException {
        Path taskset = onPath("taskset");
        if (taskset == null) {
            return new CorePinning(List.of(), "warning: " + NONE + ": --pin needs taskset (util-linux), which is not on PATH");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2) {
            return new CorePinning(List.of(), "warning: " + NONE + ": --pin needs two cores, this JVM sees " + cores);
        }
        // taskset(1): -a sets the affinity of every thread of the process, -c takes a core list, -p a pid
        String failure = run(List.of(taskset.toString(), "-a", "-cp", "0", Long.toString(ProcessHandle.current().pid())));
        if (failure != null) {
            return new CorePinning(List.of(), "warning: " + NONE + ": taskset failed on the load generator: " + failure);
        }
        return new CorePinning(List.of(taskset.toString(), "-c", "1"),
                "load generator (this JVM) on core 0, robot on core 1 (taskset)");
    }

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Null when the command succeeded, else what it said. */
    private static String run(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "no answer within 10 s";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + out;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
