package io.callrobot.tts.tryout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.media.PcmAudio;
import io.callrobot.text.ChunkerConfig;
import io.callrobot.text.NormalizerConfig;
import io.callrobot.text.TextNormalizer;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One try-out's bookkeeping: audio joined at one rate, timings, cache use, and the ways it fails. */
class TtsTryOutTest {

    private static final TtsRequest ZH = new TtsRequest(null, "zh-CN", null, null, 1.0);
    private static final VoiceOptions OPTIONS = new VoiceOptions(List.of(), null, List.of(), 0.5, 2.0, List.of("zh-CN"));

    /** A provider answering on the sending thread: each chunk's audio at {@code rates[index]}, or as scripted. */
    private record Provider(int[] rates, boolean fail, boolean silent, boolean never, AtomicBoolean cancelled)
            implements TtsEngine {

        @Override
        public TtsStream open(TtsRequest request, TtsListener listener) {
            return new TtsStream() {
                @Override
                public void send(TextChunk chunk) {
                    if (!silent && !never) {
                        listener.onAudio(chunk, new short[rates[chunk.index()] / 100], rates[chunk.index()]);
                    }
                    listener.onChunkDone(chunk);
                }

                @Override
                public void finish() {
                    if (fail) {
                        listener.onFailure(new IllegalStateException("quota exceeded"));
                    } else if (!never) {
                        listener.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            };
        }
    }

    private static TtsTryOut tryOut(TtsEngine engine, AtomicLong clock, Duration timeout) {
        return new TtsTryOut(List.of(new TryOutProvider("fake", engine, false, OPTIONS)),
                new TextPreview(new TextNormalizer(NormalizerConfig.defaults()), ChunkerConfig.defaults()),
                () -> clock.addAndGet(1_000_000), timeout);
    }

    private static Provider provider(int[] rates, boolean fail, boolean silent, boolean never) {
        return new Provider(rates, fail, silent, never, new AtomicBoolean());
    }

    @Test
    void audioOfEveryChunkIsJoinedAtTheFirstRateWithTheTimingsOfTheClock() throws Exception {
        TtsTryOut tryOut = tryOut(provider(new int[] {16000, 8000}, false, false, false), new AtomicLong(), Duration.ofSeconds(5));
        Synthesis synthesis = tryOut.synthesize(tryOut.providers().get(0), ZH, "好的，您本期应还1280.50元。");
        assertThat(synthesis.chunks()).isEqualTo(2);
        assertThat(synthesis.audio().sampleRate()).isEqualTo(16000);
        assertThat(synthesis.audio().samples().length).as("160 samples, then 80 at 8 kHz resampled to 160")
                .isBetween(300, 340);
        assertThat(synthesis.cache()).isEqualTo("off");
        // the clock ticks 1 ms a reading: start, first audio, end
        assertThat(synthesis.firstAudioMillis()).isEqualTo(1);
        assertThat(synthesis.totalMillis()).isEqualTo(2);
    }

    @Test
    void aFailureNoAudioAndATimeOutAreFailuresNamingTheProvider() {
        AtomicLong clock = new AtomicLong();
        TtsTryOut failing = tryOut(provider(new int[] {16000}, true, false, false), clock, Duration.ofSeconds(5));
        assertThatThrownBy(() -> failing.synthesize(failing.providers().get(0), ZH, "您好。"))
                .isInstanceOfSatisfying(TryOutFailedException.class, e -> {
                    assertThat(e.provider()).isEqualTo("fake");
                    assertThat(e.timedOut()).isFalse();
                    assertThat(e.getMessage()).isEqualTo("TTS provider fake failed: quota exceeded");
                });
        TtsTryOut silent = tryOut(provider(new int[] {16000}, false, true, false), clock, Duration.ofSeconds(5));
        assertThatThrownBy(() -> silent.synthesize(silent.providers().get(0), ZH, "您好。"))
                .hasMessage("TTS provider fake produced no audio");
        Provider never = provider(new int[] {16000}, false, false, true);
        TtsTryOut stuck = tryOut(never, clock, Duration.ofMillis(50));
        assertThatThrownBy(() -> stuck.synthesize(stuck.providers().get(0), ZH, "您好。"))
                .isInstanceOfSatisfying(TryOutFailedException.class, e -> assertThat(e.timedOut()).isTrue());
        assertThat(never.cancelled()).as("the stream given up is cancelled").isTrue();
        assertThatThrownBy(() -> stuck.synthesize(stuck.providers().get(0), ZH, "。，"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cacheUseIsHitMissOrPartialByChunks() {
        PcmAudio audio = new PcmAudio(8000, new short[80]);
        assertThat(new Synthesis(audio, 2, 2, true, 0, 0).cache()).isEqualTo("hit");
        assertThat(new Synthesis(audio, 2, 1, true, 0, 0).cache()).isEqualTo("partial");
        assertThat(new Synthesis(audio, 2, 0, true, 0, 0).cache()).isEqualTo("miss");
        assertThat(new Synthesis(audio, 2, 0, false, 0, 0).cache()).isEqualTo("off");
        assertThat(new Synthesis(audio, 1, 0, true, 0, 0).durationMillis()).isEqualTo(10);
    }

    @Test
    void everyProviderOffersItsConfiguredVoiceFirstAndSpeedsAroundOne() {
        CallRobotConfig config = CallRobotConfig.defaults();
        for (String name : List.of("espeak", "http", "cosyvoice", "openai", "nls")) {
            VoiceOptions options = VoiceCatalog.of(name, config);
            assertThat(options.languages()).as(name).contains("zh-CN", "en-US");
            assertThat(options.minSpeed()).as(name).isLessThan(1.0);
            assertThat(options.maxSpeed()).as(name).isGreaterThan(1.0);
            if (options.defaultVoice() != null) {
                assertThat(options.voices().get(0)).as(name).isEqualTo(options.defaultVoice());
            }
        }
        assertThat(VoiceCatalog.of("openai", config).emotions()).as("openai has an instruction by default").isNotEmpty();
        assertThat(VoiceCatalog.of("nls", config).emotions()).as("the NLS protocol has no emotion").isEmpty();
    }

    @Test
    void aCommandIsOnThePathWhenAnExecutableFileOfThatNameIsInOneOfItsDirectories() {
        assertThat(TtsTryOut.onPath("sh")).isTrue();
        assertThat(TtsTryOut.onPath("no-such-synthesiser-here")).isFalse();
        assertThat(TtsTryOut.onPath("/bin/sh")).isTrue();
    }
}
