package io.callrobot.bench.cpu;

import static io.callrobot.bench.cpu.StatLines.line;
import static io.callrobot.bench.cpu.StatLines.stat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcCpuTest {

    @TempDir
    Path root;

    private void write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    @Test
    void readsTheProcessAndEachOfItsThreads() throws IOException {
        write("4242/stat", line(4242, "java", 500, 1000, 200));
        write("4242/task/4242/stat", line(4242, "java", 500, 50, 10));
        write("4242/task/4250/stat", line(4250, "media-pacer", 600, 300, 100));
        write("4242/task/4251/stat", line(4251, "C2 CompilerThre", 600, 400, 5));
        // a thread that ended after its directory was listed
        Files.createDirectories(root.resolve("4242/task/4260"));

        CpuSnapshot snapshot = ProcCpu.of(root, 4242, 100).orElseThrow().snapshot();

        assertThat(snapshot.ticksPerSecond()).isEqualTo(100);
        assertThat(snapshot.process()).isEqualTo(stat(4242, "java", 500, 1000, 200));
        assertThat(snapshot.threads()).containsOnlyKeys(4242L, 4250L, 4251L);
        assertThat(snapshot.threads().get(4250L)).isEqualTo(stat(4250, "media-pacer", 600, 300, 100));
    }

    @Test
    void noStatFileNoReader() {
        assertThat(ProcCpu.of(root, 4242, 100)).isEmpty();
    }

    @Test
    void aThreadsFileThatIsNotAStatLineIsNamed() throws IOException {
        write("4242/stat", line(4242, "java", 500, 1000, 200));
        write("4242/task/4250/stat", "4250 media-pacer\n");

        ProcCpu cpu = ProcCpu.of(root, 4242, 100).orElseThrow();

        assertThatThrownBy(cpu::snapshot).isInstanceOf(IOException.class)
                .hasMessageContaining(root.resolve("4242/task/4250/stat").toString())
                .hasMessageContaining("no (name)");
    }

    @Test
    void thisJvmsOwnCpuIsWithinWhatItsProcessHandleReports() throws Exception {
        long pid = ProcessHandle.current().pid();
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux's /proc");

        CpuSnapshot snapshot = ProcCpu.of(Path.of("/proc"), pid, ProcCpu.clockTicksPerSecond()).orElseThrow().snapshot();
        // read after the snapshot: at least as much
        Duration handle = ProcessHandle.current().info().totalCpuDuration().orElseThrow();

        TaskStat process = snapshot.process();
        Duration read = Duration.ofNanos((process.userTicks() + process.kernelTicks()) * 1_000_000_000L
                / snapshot.ticksPerSecond());
        assertThat(process.id()).isEqualTo(pid);
        assertThat(read).isPositive().isLessThanOrEqualTo(handle);
        assertThat(snapshot.threads().values()).extracting(t -> ThreadNames.group(t.comm()))
                .contains(ThreadNames.JIT_COMPILER);
    }
}
