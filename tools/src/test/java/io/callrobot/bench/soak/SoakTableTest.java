package io.callrobot.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakTableTest {

    @Test
    void oneLinePerSampleUnderAHeader() {
        List<String> lines = SoakTable.lines(List.of(
                new SoakSample(Duration.ofSeconds(30), 50, 104_857_600, 41, 512, 260),
                new SoakSample(Duration.ofSeconds(60), 49, 110_100_480, 40, 509, 258)));

        assertThat(lines).containsExactly(
                "  time s  calls up  heap MiB  threads    fds  sockets",
                "      30        50     100.0       41    512      260",
                "      60        49     105.0       40    509      258");
    }
}
