package io.callrobot.tts.polish;

import static io.callrobot.concurrent.OtherThread.returnsOnAnotherThread;
import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.tts.RecordingTtsListener;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PolishingTtsEngineTest {

    private static final int RATE = 16_000;
    private static final TtsRequest REQUEST = new TtsRequest("call-1", "zh-CN", null, null, 1.0);
    private static final LoudnessConfig LEVEL = LoudnessConfig.defaults();
    private static final LoudnessConfig NO_LEVEL = new LoudnessConfig(false, -20, 12, -1, -50, 200);

    /** The wrapped provider: the test plays its callbacks through {@link #listener}. */
    private static final class ManualProvider implements TtsEngine {
        TtsListener listener;
        final List<String> calls = new ArrayList<>();

        @Override
        public TtsStream open(TtsRequest request, TtsListener listener) {
            this.listener = listener;
            return new TtsStream() {
                @Override
                public void send(TextChunk chunk) {
                    calls.add("send " + chunk.text());
                }

                @Override
                public void finish() {
                    calls.add("finish");
                }

                @Override
                public void cancel() {
                    calls.add("cancel");
                }
            };
        }

        /** Plays {@code pcm} as chunk {@code index}, in pieces of {@code piece} samples, then its end. */
        void speak(int index, short[] pcm, int piece) {
            TextChunk chunk = new TextChunk(index, "chunk " + index);
            for (int at = 0; at < pcm.length; at += piece) {
                listener.onAudio(chunk, Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + piece)), RATE);
            }
            listener.onChunkDone(chunk);
        }
    }

    private final ManualProvider provider = new ManualProvider();
    private final RecordingTtsListener heard = new RecordingTtsListener();

    @Test
    @Timeout(30)
    void theNextListenerIsCalledWithoutThePolishersLock() throws Exception {
        TextChunk chunk = new TextChunk(0, "chunk 0");
        AtomicBoolean once = new AtomicBoolean();
        CompletableFuture<Boolean> calledElsewhere = new CompletableFuture<>();
        RecordingTtsListener reentering = new RecordingTtsListener() {
            @Override
            public void onAudio(TextChunk c, short[] pcm, int sampleRate) {
                super.onAudio(c, pcm, sampleRate);
                if (once.compareAndSet(false, true)) {
                    // the provider's next callback, from another thread, finds the polisher unlocked
                    calledElsewhere.complete(returnsOnAnotherThread(() -> provider.listener.onChunkDone(chunk)));
                }
            }
        };
        new PolishingTtsEngine(provider, new PolishConfig(5, NO_LEVEL)).open(REQUEST, reentering);
        provider.listener.onAudio(chunk, filled(800, (short) 1000), RATE);

        assertThat(calledElsewhere.get()).isTrue();
        assertThat(reentering.events).as("the audio, its held tail, its end").containsExactly("audio:0", "audio:0", "done:0");
        assertThat(reentering.audio.get(0)).hasSize(800);
    }

    @Test
    void theCachesChunkSourceAndTheEndsPassThrough() {
        open(new PolishConfig(5, LEVEL));
        provider.listener.onChunkSource(new TextChunk(0, "你好"), true);
        provider.speak(0, filled(800, (short) 1000), 800);
        provider.listener.onComplete();

        assertThat(heard.cached).containsEntry(0, true);
        assertThat(heard.events).endsWith("done:0", "complete");
    }

    @Test
    void chunksStartingAndEndingAtFullScaleJoinWithoutSteps() {
        open(new PolishConfig(5, NO_LEVEL));
        short[] high = filled(1000, Short.MAX_VALUE);
        short[] low = filled(1000, Short.MIN_VALUE);

        provider.speak(0, high, 300);
        provider.speak(1, low, 300);
        provider.speak(2, high, 1000);
        provider.listener.onComplete();

        short[] all = concat(heard.audio.get(0), heard.audio.get(1), heard.audio.get(2));
        assertThat(all).hasSize(3000); // nothing lost, nothing added
        int fade = RATE * 5 / 1000;
        // a raised cosine over 80 samples climbs at most 32768 * pi / (2 * 81) ≈ 636 per sample
        assertThat(maxStep(all)).isLessThan(700);
        assertThat(Math.abs(all[0])).isLessThan(100);
        assertThat(Math.abs(all[999])).isLessThan(100);
        assertThat(Math.abs(all[1000])).isLessThan(100);
        assertThat(Arrays.copyOfRange(all, fade, 1000 - fade)).containsOnly(Short.MAX_VALUE); // only the edges change
        assertThat(Arrays.copyOfRange(all, 1000 + fade, 2000 - fade)).containsOnly(Short.MIN_VALUE);
        assertThat(heard.order()).containsExactly("audio:0", "done:0", "audio:1", "done:1", "audio:2", "done:2",
                "complete");
    }

    @Test
    void onlyTheFadeLengthIsHeldBackSoFirstAudioIsNotDelayed() {
        open(new PolishConfig(5, NO_LEVEL));
        TextChunk chunk = new TextChunk(0, "你好");

        provider.listener.onAudio(chunk, filled(300, (short) 1000), RATE);
        assertThat(heard.audio.get(0)).hasSize(300 - 80);
        provider.listener.onAudio(chunk, filled(50, (short) 1000), RATE);
        assertThat(heard.audio.get(0)).hasSize(300 - 80 + 50);
        provider.listener.onChunkDone(chunk);
        assertThat(heard.audio.get(0)).hasSize(350);
        assertThat(heard.events).containsExactly("audio:0", "audio:0", "audio:0", "done:0");
    }

    @Test
    void aChunkShorterThanTheFadeIsFadedInAndOutWholly() {
        open(new PolishConfig(5, NO_LEVEL));
        provider.speak(0, filled(20, Short.MAX_VALUE), 7);

        short[] out = heard.audio.get(0);
        assertThat(out).hasSize(20);
        assertThat(maxStep(concat(new short[1], out, new short[1]))).isLessThan(3000);
    }

    @Test
    void quietAndLoudSpeechBothComeOutNearTheTarget() {
        PolishConfig config = new PolishConfig(5, new LoudnessConfig(true, -20, 18, -1, -50, 200)); // -35 needs +15
        for (double inputDbfs : new double[] {-35, -8}) {
            RecordingTtsListener out = new RecordingTtsListener();
            new PolishingTtsEngine(provider, config).open(REQUEST, out);
            short[] speech = scaledTo(SpeechLikeSignal.render(1.0, RATE), inputDbfs);
            for (int chunk = 0; chunk < 4; chunk++) {
                provider.speak(chunk, speech, RATE / 10);
            }

            short[] all = concat(out.audio.get(0), out.audio.get(1), out.audio.get(2), out.audio.get(3));
            assertThat(gatedRmsDbfs(all)).as("from %s dBFS", inputDbfs).isBetween(-22.0, -18.0);
            assertThat(gatedRmsDbfs(out.audio.get(3))).as("last chunk from %s dBFS", inputDbfs).isBetween(-21.0, -19.0);
            assertThat(peak(all)).isLessThanOrEqualTo(peakLimit());
        }
    }

    @Test
    void peaksOfAnAmplifiedReplyAreLimitedNotClipped() {
        open(PolishConfig.defaults());
        short[] speech = scaledTo(SpeechLikeSignal.render(1.0, RATE), -35);
        for (int i = 2000; i < speech.length; i += 4000) { // loud clicks: +12 dB would put them above full scale
            speech[i] = 16000;
            speech[i + 1] = -16000;
        }
        provider.speak(0, speech, RATE / 10);

        short[] out = heard.audio.get(0);
        assertThat(peak(out)).isLessThanOrEqualTo(peakLimit());
        assertThat(peak(out)).isGreaterThan(peakLimit() - 200); // the clicks reach the ceiling, no further
        assertThat(gatedRmsDbfs(out)).isBetween(-23.5, -22.5); // the default +12 dB at most: -35 -> -23
    }

    @Test
    void silenceStaysSilentAndLowNoiseIsNotBoosted() {
        open(PolishConfig.defaults());
        provider.speak(0, new short[RATE], RATE / 10);
        Random random = new Random(7);
        short[] noise = new short[RATE];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) Math.round(random.nextGaussian() * 20); // about -64 dBFS
        }
        provider.speak(1, noise, RATE / 10);

        assertThat(heard.audio.get(0)).containsOnly((short) 0);
        short[] out = heard.audio.get(1);
        int fade = RATE * 5 / 1000;
        assertThat(Arrays.copyOfRange(out, fade, out.length - fade))
                .containsExactly(Arrays.copyOfRange(noise, fade, noise.length - fade));
    }

    @Test
    void textCancelAndTheTerminalCallbackPassThrough() {
        TtsStream stream = open(PolishConfig.defaults());
        stream.send(new TextChunk(0, "你好"));
        stream.finish();
        stream.cancel();
        provider.listener.onFailure(new IllegalStateException("boom"));

        assertThat(provider.calls).containsExactly("send 你好", "finish", "cancel");
        assertThat(heard.events).containsExactly("failure");
    }

    @Test
    void withNothingToDoTheProviderIsUsedDirectly() {
        open(new PolishConfig(0, NO_LEVEL));
        assertThat(provider.listener).isSameAs(heard);
    }

    private TtsStream open(PolishConfig config) {
        return new PolishingTtsEngine(provider, config).open(REQUEST, heard);
    }

    private static int peakLimit() {
        return (int) (32768 * Math.pow(10, LEVEL.peakDbfs() / 20));
    }

    /** RMS of the 10 ms blocks above -50 dBFS, as the leveller measures speech. */
    private static double gatedRmsDbfs(short[] pcm) {
        int block = RATE / 100;
        double energy = 0;
        long samples = 0;
        for (int at = 0; at + block <= pcm.length; at += block) {
            double sum = 0;
            for (int i = at; i < at + block; i++) {
                sum += (double) pcm[i] * pcm[i];
            }
            if (10 * Math.log10(sum / block / (32768.0 * 32768)) > -50) {
                energy += sum;
                samples += block;
            }
        }
        return 10 * Math.log10(energy / samples / (32768.0 * 32768));
    }

    /** {@code pcm} scaled to an RMS of {@code dbfs}, clipped to 16 bits. */
    private static short[] scaledTo(short[] pcm, double dbfs) {
        double gain = Math.pow(10, (dbfs - gatedRmsDbfs(pcm)) / 20);
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = (short) Math.clamp(Math.round(pcm[i] * gain), Short.MIN_VALUE, Short.MAX_VALUE);
        }
        return out;
    }

    private static int maxStep(short[] pcm) {
        int max = 0;
        for (int i = 1; i < pcm.length; i++) {
            max = Math.max(max, Math.abs(pcm[i] - pcm[i - 1]));
        }
        return max;
    }

    private static int peak(short[] pcm) {
        int max = 0;
        for (short s : pcm) {
            max = Math.max(max, Math.abs(s));
        }
        return max;
    }

    private static short[] filled(int n, short value) {
        short[] pcm = new short[n];
        Arrays.fill(pcm, value);
        return pcm;
    }

    private static short[] concat(short[]... parts) {
        short[] all = new short[0];
        for (short[] part : parts) {
            short[] both = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, both, all.length, part.length);
            all = both;
        }
        return all;
    }
}
