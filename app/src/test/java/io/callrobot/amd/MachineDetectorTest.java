package io.callrobot.amd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineDetectorTest {

    private static final long ANSWER = 10_000;
    private final MachineDetector detector = new MachineDetector(AmdConfig.defaults(), AnnouncementPhrases.defaults(), ANSWER, 8000);

    @Test
    void shortGreetingThenSilenceIsAPersonOnceItsTranscriptCame() {
        detector.onSpeechStart(ANSWER + 400);
        detector.onSpeechEnd(ANSWER + 1200);
        assertThat(detector.onTranscript("喂？你好", true, ANSWER + 1450)).isEmpty();
        assertThat(ticks(ANSWER + 1460, ANSWER + 3000)).get().satisfies(v -> {
            assertThat(v.result()).isEqualTo(AmdResult.HUMAN);
            assertThat(v.atMillis()).isEqualTo(2000); // 800 ms after the greeting ended
            assertThat(v.evidence()).isEqualTo(new AmdEvidence.ShortGreeting(800, 800));
        });
    }

    @Test
    void aPersonsVerdictWaitsForALateTranscriptThatNamesAnAnnouncement() {
        detector.onSpeechStart(ANSWER + 300);
        detector.onSpeechEnd(ANSWER + 1500);
        assertThat(ticks(ANSWER + 1500, ANSWER + 2400)).isEmpty();
        AmdVerdict v = detector.onTranscript("您好，我是他的秘书", true, ANSWER + 2400).orElseThrow();
        assertThat(v.result()).isEqualTo(AmdResult.CALL_SECRETARY);
        assertThat(v.atMillis()).isEqualTo(2400);
        assertThat(((AmdEvidence.Phrase) v.evidence()).match().phrase()).isEqualTo("我是他的秘书");
    }

    @Test
    void withoutATranscriptAPersonIsDecidedAfterTheWait() {
        detector.onSpeechStart(ANSWER + 300);
        detector.onSpeechEnd(ANSWER + 900);
        AmdVerdict v = ticks(ANSWER + 900, ANSWER + 4000).orElseThrow();
        assertThat(v.result()).isEqualTo(AmdResult.HUMAN);
        assertThat(v.atMillis()).isEqualTo(900 + 800 + 700);
    }

    @Test
    void anAnnouncementPhraseDecidesAtOnceEvenFromAPartial() {
        detector.onSpeechStart(ANSWER + 200);
        AmdVerdict v = detector.onTranscript("您拨打的电话已关", false, ANSWER + 1500)
                .or(() -> detector.onTranscript("您拨打的电话已关机", false, ANSWER + 1700)).orElseThrow();
        assertThat(v.result()).isEqualTo(AmdResult.UNREACHABLE);
        assertThat(v.atMillis()).isEqualTo(1700);
        // the verdict is final
        assertThat(detector.onTranscript("请在提示音后留言", true, ANSWER + 1800)).contains(v);
        assertThat(detector.onTick(ANSWER + 9000)).contains(v);
    }

    @Test
    void speechWithShortPausesPastTheLimitIsAMachine() {
        detector.onSpeechStart(ANSWER + 500);
        detector.onSpeechEnd(ANSWER + 2000);
        detector.onSpeechStart(ANSWER + 2300); // a 300 ms comma pause, shorter than a person's wait
        detector.onTranscript("您好，我现在不方便接听", true, ANSWER + 2700);
        AmdVerdict v = ticks(ANSWER + 2700, ANSWER + 5000).orElseThrow();
        assertThat(v.result()).isEqualTo(AmdResult.MACHINE);
        assertThat(v.atMillis()).isEqualTo(4000);
        assertThat(v.evidence()).isEqualTo(new AmdEvidence.LongSpeech(3500));
    }

    @Test
    void unbrokenSpeechPastTheLimitIsAMachineAtOnce() {
        detector.onSpeechStart(ANSWER + 500);
        AmdVerdict v = ticks(ANSWER + 500, ANSWER + 5000).orElseThrow();
        assertThat(v.result()).isEqualTo(AmdResult.MACHINE);
        assertThat(v.atMillis()).isEqualTo(4000);
    }

    @Test
    void longSpeechWaitsForThePendingTranscriptOfItsFirstPart() {
        // an announcement played twice with a short pause: the first play's transcript is late
        detector.onSpeechStart(ANSWER + 300);
        detector.onSpeechEnd(ANSWER + 1800);
        detector.onSpeechStart(ANSWER + 2400);
        assertThat(ticks(ANSWER + 2400, ANSWER + 4300)).isEmpty();
        AmdVerdict v = detector.onTranscript("您拨打的电话已关机", true, ANSWER + 4300).orElseThrow();
        assertThat(v.result()).isEqualTo(AmdResult.UNREACHABLE);
    }

    @Test
    void longSpeechIsAMachineWhenThePendingTranscriptNeverComes() {
        detector.onSpeechStart(ANSWER + 300);
        detector.onSpeechEnd(ANSWER + 1800);
        detector.onSpeechStart(ANSWER + 2400);
        AmdVerdict v = ticks(ANSWER + 2400, ANSWER + 6000).orElseThrow();
        assertThat(v.result()).isEqualTo(AmdResult.MACHINE);
        assertThat(v.atMillis()).isEqualTo(3800 + 700); // the length reached, then the transcript wait
    }

    @Test
    void aMiddleLengthAnswerThenSilenceStaysUnknownUntilTheWindowCloses() {
        detector.onSpeechStart(ANSWER + 200);
        detector.onSpeechEnd(ANSWER + 2900);
        detector.onTranscript("你好，我是张三，请问你是哪位", true, ANSWER + 3100);
        AmdVerdict v = ticks(ANSWER + 3100, ANSWER + 6000).orElseThrow();
        assertThat(v.result()).isEqualTo(AmdResult.UNKNOWN);
        assertThat(v.atMillis()).isEqualTo(5000);
        assertThat(v.evidence()).isEqualTo(new AmdEvidence.WindowClosed(2700));
    }

    @Test
    void silenceThroughTheWindowIsUnknown() {
        AmdVerdict v = ticks(ANSWER, ANSWER + 6000).orElseThrow();
        assertThat(v).isEqualTo(new AmdVerdict(AmdResult.UNKNOWN, 5000, new AmdEvidence.WindowClosed(0)));
    }

    @Test
    void aSitToneInTheAudioDecidesBeforeAnyWords() {
        short[] audio = SitToneDetectorTest.concat(SitToneDetectorTest.silence(200),
                SitToneDetectorTest.tone(913.8, 274, -20), SitToneDetectorTest.tone(1370.6, 274, -20),
                SitToneDetectorTest.tone(1776.7, 380, -20));
        Optional<AmdVerdict> v = Optional.empty();
        for (int at = 0; at < audio.length && v.isEmpty(); at += 160) {
            v = detector.onAudio(audio, at, 160, ANSWER + (at + 160) / 8);
        }
        assertThat(v).get().satisfies(verdict -> {
            assertThat(verdict.result()).isEqualTo(AmdResult.INVALID_NUMBER);
            assertThat(verdict.atMillis()).isBetween(900L, 1000L);
            assertThat(((AmdEvidence.Tone) verdict.evidence()).tone().code()).isEqualTo("IC");
        });
    }

    @Test
    void wideBandAudioIsHalvedForTheToneDetector() {
        MachineDetector wide = new MachineDetector(AmdConfig.defaults(), AnnouncementPhrases.defaults(), 0, 16000);
        short[] audio = SitToneDetectorTest.concat(SitToneDetectorTest.tone(492.6, 760, -20),
                SitToneDetectorTest.tone(714.25, 760, -20), SitToneDetectorTest.tone(888.35, 760, -20));
        // at 8000 Hz these samples read as 16 kHz audio hold 985.2, 1428.5 and 1776.7 Hz for 380 ms each (NC)
        Optional<AmdVerdict> v = Optional.empty();
        for (int at = 0; at < audio.length && v.isEmpty(); at += 320) {
            v = wide.onAudio(audio, at, 320, (at + 320) / 16);
        }
        assertThat(v).get().extracting(AmdVerdict::result).isEqualTo(AmdResult.UNREACHABLE);
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> new AmdConfig(5000, 2000, 2000, 800, 700)).hasMessageContaining("maxGreetingMillis");
        assertThatThrownBy(() -> new AmdConfig(0, 3500, 2000, 800, 700)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new MachineDetector(AmdConfig.defaults(), AnnouncementPhrases.defaults(), 0, 44100))
                .hasMessageContaining("44100");
    }

    private Optional<AmdVerdict> ticks(long from, long to) {
        for (long t = from; t <= to; t += 20) {
            Optional<AmdVerdict> v = detector.onTick(t);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }
}
