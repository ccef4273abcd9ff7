package io.callrobot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TurnLatencyTest {

    private static final long MS = 1_000_000;

    @Test
    void llmTurnCountsOnlyTheRobotsOwnTime() {
        TurnLatency t = new TurnLatency();
        t.mark(LatencyMark.EOU, 0);
        t.mark(LatencyMark.ASR_FINAL, 700 * MS);
        t.mark(LatencyMark.LLM_REQUEST, 701 * MS);          // 1 ms ours
        t.mark(LatencyMark.LLM_FIRST_TOKEN, 1000 * MS);
        t.mark(LatencyMark.LLM_FIRST_CHUNK, 1120 * MS);     // waiting for tokens: the provider's
        t.mark(LatencyMark.TTS_FIRST_TEXT, 1122 * MS);      // 2 ms ours
        t.mark(LatencyMark.TTS_FIRST_AUDIO, 1272 * MS);
        t.mark(LatencyMark.FIRST_FRAME_OUT, 1275 * MS);     // 3 ms ours
        assertThat(t.robotOverheadNanos()).isEqualTo(6 * MS);
        assertThat(t.voiceToVoiceNanos()).isEqualTo(1275 * MS);
        assertThat(t.toMillis()).containsEntry("robot_overhead", 6.0).containsEntry("voice_to_voice", 1275.0)
                .containsEntry("eou", 0.0).containsEntry("llm_first_chunk", 1120.0);
    }

    @Test
    void whenTheFirstTokenMakesTheChunkTheDesignFormulaApplies() {
        TurnLatency t = new TurnLatency();
        t.mark(LatencyMark.ASR_FINAL, 0);
        t.mark(LatencyMark.LLM_REQUEST, 2 * MS);
        t.mark(LatencyMark.LLM_FIRST_TOKEN, 300 * MS);
        t.mark(LatencyMark.TTS_FIRST_TEXT, 301 * MS);
        t.mark(LatencyMark.TTS_FIRST_AUDIO, 450 * MS);
        t.mark(LatencyMark.FIRST_FRAME_OUT, 470 * MS);
        assertThat(t.robotOverheadNanos()).isEqualTo(23 * MS);
    }

    @Test
    void scriptedTurnHasNoLlmTerms() {
        TurnLatency t = new TurnLatency();
        t.mark(LatencyMark.EOU, 0);
        t.mark(LatencyMark.ASR_FINAL, 0);
        t.mark(LatencyMark.TTS_FIRST_TEXT, MS);
        t.mark(LatencyMark.TTS_FIRST_AUDIO, 150 * MS);
        t.mark(LatencyMark.FIRST_FRAME_OUT, 155 * MS);
        assertThat(t.robotOverheadNanos()).isEqualTo(6 * MS);
    }

    @Test
    void firstMarkWinsAndMissingMarksGiveNoFigure() {
        TurnLatency t = new TurnLatency();
        t.mark(LatencyMark.EOU, 10);
        t.mark(LatencyMark.EOU, 99);
        assertThat(t.toMillis()).containsOnlyKeys("eou");
        assertThat(t.voiceToVoiceNanos()).isEqualTo(-1);
        assertThat(t.robotOverheadNanos()).isEqualTo(-1);
    }
}
