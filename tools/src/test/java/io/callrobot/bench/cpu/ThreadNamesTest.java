package io.callrobot.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadNamesTest {

    @Test
    void aPoolsThreadsShareOneNameWithDigitsFolded() {
        assertThat(ThreadNames.group("asr-ws-3-1")).isEqualTo("asr-ws-#-#");
        assertThat(ThreadNames.group("asr-ws-3-12")).isEqualTo("asr-ws-#-#");
        assertThat(ThreadNames.group("media-pacer")).isEqualTo("media-pacer");
        assertThat(ThreadNames.group("silero-vad")).isEqualTo("silero-vad");
    }

    @Test
    void theJvmsOwnThreadsGoUnderWhatTheyDo() {
        // as the kernel keeps them (15 bytes) and as the JVM names them
        assertThat(ThreadNames.group("C2 CompilerThre")).isEqualTo(ThreadNames.JIT_COMPILER);
        assertThat(ThreadNames.group("C1 CompilerThread0")).isEqualTo(ThreadNames.JIT_COMPILER);
        assertThat(ThreadNames.group("GC Thread#1")).isEqualTo(ThreadNames.GC);
        assertThat(ThreadNames.group("G1 Conc#0")).isEqualTo(ThreadNames.GC);
        assertThat(ThreadNames.group("G1 Main Marker")).isEqualTo(ThreadNames.GC);
        assertThat(ThreadNames.group("ForkJoinPool-1-")).isEqualTo(ThreadNames.CARRIERS);
        assertThat(ThreadNames.group("ForkJoinPool-1-worker-3")).isEqualTo(ThreadNames.CARRIERS);
        assertThat(ThreadNames.group("ForkJoinPool-12")).isEqualTo(ThreadNames.CARRIERS);
    }

    @Test
    void aNameTheKernelMayHaveCutSaysSo() {
        assertThat(ThreadNames.group("OkHttp TaskRunn")).isEqualTo("OkHttp TaskRunn…");
        assertThat(ThreadNames.group("nioEventLoopGro")).isEqualTo("nioEventLoopGro…");
        // the common pool is not the virtual-thread scheduler
        assertThat(ThreadNames.group("ForkJoinPool.co")).isEqualTo("ForkJoinPool.co…");
        assertThat(ThreadNames.group("media-receive")).isEqualTo("media-receive");
    }
}
