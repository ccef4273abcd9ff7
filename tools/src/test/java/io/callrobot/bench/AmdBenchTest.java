package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.amd.AmdConfig;
import io.callrobot.amd.AmdResult;
import io.callrobot.amd.AnnouncementPhrases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmdBenchTest {

    @Test
    void rendersAndClassifiesAnAnnouncementASitToneAndAGreeting() throws Exception {
        // a long-speech limit well past the announcement, so the test hangs on the phrase, not on espeak's pace
        AmdBench bench = new AmdBench(new AmdConfig(8000, 6000, 2000, 800, 700), AnnouncementPhrases.defaults(), -60);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<AmdBench.Outcome> outcomes = bench.run(List.of(
                new AmdBench.Case("您拨打的电话已关机", AmdResult.UNREACHABLE, null),
                new AmdBench.Case("您拨打的号码是空号", AmdResult.INVALID_NUMBER, "IC"),
                new AmdBench.Case("喂？你好", AmdResult.HUMAN, null)), new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.verdict()).get()
                .satisfies(v -> assertThat(v.result()).isEqualTo(o.item().expected())));
        // the tone decides before the words: 300 ms lead + 274 + 274 + 200 ms of the third tone
        assertThat(outcomes.get(1).verdict().orElseThrow().atMillis()).isLessThan(1200);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("Confusion matrix").contains("| 您拨打的电话已关机 |");
    }
}
