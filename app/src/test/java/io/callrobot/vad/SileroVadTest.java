package io.callrobot.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import io.callrobot.media.PcmAudio;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SileroVadTest {

    private static final SileroConfig CONFIG = SileroConfig.defaults();
    private static final int LEAD_MS = 1000;
    private static SileroVadModel model;
    private static PcmAudio speech;

    @BeforeAll
    static void load() throws Exception {
        model = new SileroVadModel(SileroTestAudio.modelPath());
        speech = EspeakSpeech.speak("cmn", "你好，我想问一下我的账单");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** What one detector saw: sample positions where speaking flipped, and each decided window's probability. */
    private record Run(List<Integer> changes, List<Float> probabilities, List<Integer> windowEnds) {
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void findsSpeechInNoiseAt10DbSnr(int rate) {
        short[] clean = SileroTestAudio.resample(speech.samples(), speech.sampleRate(), rate);
        short[] mixed = mix(clean, rate, 10, 21);
        int onset = rate * LEAD_MS / 1000 + SileroTestAudio.firstVoiced(clean, rate);
        int offset = rate * LEAD_MS / 1000 + SileroTestAudio.lastVoiced(clean, rate);

        Run run;
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16)) {
            run = feed(batcher.newVad(rate, CONFIG), mixed, rate, batcher::runOnce);
        }

        assertThat(run.changes()).as("one start and one end").hasSize(2);
        double startDelayMs = (run.changes().get(0) - onset) * 1000.0 / rate;
        double endDelayMs = (run.changes().get(1) - offset) * 1000.0 / rate;
        assertThat(startDelayMs).isBetween(0.0, 200.0);
        assertThat(endDelayMs).isBetween((double) CONFIG.minSilenceMillis(), CONFIG.minSilenceMillis() + 400.0);
        assertThat(mean(run, 0, onset)).as("probability in the noise before speech").isLessThan(0.1);
        assertThat(mean(run, onset, offset)).as("probability during speech").isGreaterThan(0.6);
        assertThat(mean(run, offset + rate / 5, mixed.length)).as("probability in the noise after speech").isLessThan(0.1);
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void noiseAndSilenceNeverTrigger(int rate) {
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16)) {
            for (double noiseDbfs : new double[] {-200, -60, -40, -25, -15}) {
                short[] noise = new short[rate * 5];
                if (noiseDbfs > -200) {
                    SileroTestAudio.addNoise(noise, 32768 * Math.pow(10, noiseDbfs / 20), new Random(5));
                }
                Run run = feed(batcher.newVad(rate, CONFIG), noise, rate, batcher::runOnce);
                assertThat(run.changes()).as("noise at %s dBFS", noiseDbfs).isEmpty();
                assertThat(run.probabilities()).hasSize(noise.length / SileroVadModel.windowSamples(rate));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void batchedInferenceEqualsOneStreamAtATime(int rate) {
        int streams = 6;
        int windows = 40;
        int width = SileroVadModel.contextSamples(rate) + SileroVadModel.windowSamples(rate);
        short[] clean = SileroTestAudio.resample(speech.samples(), speech.sampleRate(), rate);
        float[][] audio = new float[streams][];
        for (int s = 0; s < streams; s++) {
            short[] mixed = mix(clean, rate, 5 + 3 * s, s); // different noise, level and seed per stream
            audio[s] = new float[mixed.length];
            for (int i = 0; i < mixed.length; i++) {
                audio[s][i] = mixed[i] / 32768f;
            }
        }
        int hop = SileroVadModel.windowSamples(rate);
        int start = rate * LEAD_MS / 1000 - 10 * hop; // from noise into speech
        float[][] singleState = new float[streams][SileroVadModel.STATE_SIZE];
        float[] batchState = new float[streams * SileroVadModel.STATE_SIZE];
        float[] batchInput = new float[streams * width];
        float maxProbability = 0;
        for (int w = 0; w < windows; w++) {
            int from = start + w * hop + hop - width; // context then window
            for (int s = 0; s < streams; s++) {
                System.arraycopy(audio[s], from, batchInput, s * width, width);
            }
            float[] batched = model.infer(rate, batchInput, batchState, streams);
            for (int s = 0; s < streams; s++) {
                float[] row = new float[width];
                System.arraycopy(audio[s], from, row, 0, width);
                float single = model.infer(rate, row, singleState[s], 1)[0];
                assertThat(batched[s]).as("stream %d window %d", s, w).isCloseTo(single, offset(1e-5f));
                maxProbability = Math.max(maxProbability, single);
            }
        }
        assertThat(maxProbability).as("the windows reach speech").isGreaterThan(0.5f);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8})
    void inferenceThreadDecidesLikeTheCallingThread(int gatherMillis) {
        int rate = 8000;
        short[] mixed = mix(SileroTestAudio.resample(speech.samples(), speech.sampleRate(), rate), rate, 10, 3);
        Run inline;
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16)) {
            inline = feed(batcher.newVad(rate, CONFIG), mixed, rate, batcher::runOnce);
        }
        Run threaded;
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16, Duration.ofMillis(gatherMillis)).start()) {
            SileroVad vad = batcher.newVad(rate, CONFIG);
            threaded = feed(vad, mixed, rate, () -> awaitIdle(vad));
            assertThat(vad.skippedWindows()).isZero();
        }
        assertThat(threaded.changes()).hasSize(2).isEqualTo(inline.changes());
        assertThat(threaded.probabilities()).isEqualTo(inline.probabilities());
    }

    @Test
    void resetForgetsTheCallEvenWithAWindowInFlight() {
        int rate = 16000;
        short[] mixed = mix(SileroTestAudio.resample(speech.samples(), speech.sampleRate(), rate), rate, 10, 8);
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16)) {
            SileroVad fresh = batcher.newVad(rate, CONFIG);
            Run expected = feed(fresh, mixed, rate, batcher::runOnce);

            SileroVad reused = batcher.newVad(rate, CONFIG);
            int frame = rate / 50;
            int cut = (rate * LEAD_MS / 1000 + speech.samples().length * rate / speech.sampleRate() / 2) / frame * frame;
            feed(reused, Arrays.copyOf(mixed, cut), rate, batcher::runOnce);
            short[] window = new short[SileroVadModel.windowSamples(rate)];
            reused.process(mixed, cut, window.length); // a window queued, not yet inferred
            assertThat(reused.speaking()).isTrue();
            reused.reset();
            assertThat(reused.speaking()).isFalse();
            batcher.runOnce(); // the stale window's result comes back after the reset
            Run after = feed(reused, mixed, rate, batcher::runOnce);

            assertThat(after.probabilities()).isEqualTo(expected.probabilities());
            assertThat(after.changes()).isEqualTo(expected.changes());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void findsEachUtteranceAndNothingElseAtSeveralSnrs(int rate) throws Exception {
        short[] first = SileroTestAudio.resample(speech.samples(), speech.sampleRate(), rate);
        PcmAudio english = EspeakSpeech.speak("en-us", "I would like to pay my bill next Monday");
        short[] second = SileroTestAudio.resample(english.samples(), english.sampleRate(), rate);
        for (double snr : new double[] {20, 10, 5}) {
            // noise, utterance, 2.5 s of noise, utterance, noise; the noise is snr dB below the speech
            int gap = rate * 5 / 2;
            int lead = rate * LEAD_MS / 1000;
            short[] mixed = new short[lead + first.length + gap + second.length + rate * 2];
            System.arraycopy(first, 0, mixed, lead, first.length);
            int secondAt = lead + first.length + gap;
            System.arraycopy(second, 0, mixed, secondAt, second.length);
            SileroTestAudio.addNoise(mixed, SileroTestAudio.activeRms(first, rate) / Math.pow(10, snr / 20),
                    new Random((long) snr));
            int[] onsets = {lead + SileroTestAudio.firstVoiced(first, rate), secondAt + SileroTestAudio.firstVoiced(second, rate)};
            int[] offsets = {lead + SileroTestAudio.lastVoiced(first, rate), secondAt + SileroTestAudio.lastVoiced(second, rate)};

            Run run;
            try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16)) {
                run = feed(batcher.newVad(rate, CONFIG), mixed, rate, batcher::runOnce);
            }

            assertThat(run.changes()).as("start and end of each utterance at %s dB SNR", snr).hasSize(4);
            for (int u = 0; u < 2; u++) {
                double startDelayMs = (run.changes().get(2 * u) - onsets[u]) * 1000.0 / rate;
                double endDelayMs = (run.changes().get(2 * u + 1) - offsets[u]) * 1000.0 / rate;
                assertThat(startDelayMs).as("onset of utterance %d at %s dB SNR", u, snr).isBetween(0.0, 250.0);
                assertThat(endDelayMs).as("offset of utterance %d at %s dB SNR", u, snr)
                        .isBetween(CONFIG.minSilenceMillis() - 150.0, CONFIG.minSilenceMillis() + 400.0);
            }
            assertThat(mean(run, offsets[0] + rate / 5, onsets[1])).as("noise between the utterances").isLessThan(0.15);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void quietWindowsSkipTheModelWithoutDelayingSpeech(int rate) {
        // speech on an idle line: background noise at -65 dBFS, below the -55 dBFS gate
        short[] clean = SileroTestAudio.resample(speech.samples(), speech.sampleRate(), rate);
        int lead = rate * 3;
        short[] line = new short[lead + clean.length + rate * 3];
        System.arraycopy(clean, 0, line, lead, clean.length);
        SileroTestAudio.addNoise(line, 32768 * Math.pow(10, -65 / 20.0), new Random(11));

        Run gatedRun;
        Run openRun;
        long gatedWindows;
        int[] inferred = new int[2];
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16)) {
            SileroVad gated = batcher.newVad(rate, CONFIG);
            gatedRun = feed(gated, line, rate, () -> inferred[0] += batcher.runOnce());
            gatedWindows = gated.gatedWindows();
            SileroVad open = batcher.newVad(rate, CONFIG.withGateDbfs(-100));
            openRun = feed(open, line, rate, () -> inferred[1] += batcher.runOnce());
            assertThat(open.gatedWindows()).isZero();
        }

        int windows = line.length / SileroVadModel.windowSamples(rate);
        assertThat(gatedRun.probabilities()).hasSize(windows);
        assertThat(inferred[1]).isEqualTo(windows);
        assertThat(gatedWindows).as("the quiet before and after the speech is gated").isGreaterThan(windows / 2);
        assertThat(inferred[0]).isEqualTo(windows - (int) gatedWindows);
        assertThat(gatedRun.changes()).hasSize(2);
        assertThat(openRun.changes()).hasSize(2);
        int window = SileroVadModel.windowSamples(rate);
        assertThat(gatedRun.changes().get(0)).as("speech onset decided as early as without the gate")
                .isLessThanOrEqualTo(openRun.changes().get(0) + window);
        assertThat(Math.abs(gatedRun.changes().get(1) - openRun.changes().get(1))).as("speech end")
                .isLessThanOrEqualTo(4 * window);
    }

    @Test
    void aSilentCallNeverReachesTheModel() {
        int rate = 8000;
        short[] silence = new short[rate * 10];
        SileroTestAudio.addNoise(silence, 32768 * Math.pow(10, -70 / 20.0), new Random(2));
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16)) {
            SileroVad vad = batcher.newVad(rate, CONFIG);
            int[] inferred = {0};
            Run run = feed(vad, silence, rate, () -> inferred[0] += batcher.runOnce());
            assertThat(inferred[0]).isZero();
            assertThat(vad.gatedWindows()).isEqualTo(silence.length / SileroVadModel.windowSamples(rate));
            assertThat(run.changes()).isEmpty();
            assertThat(run.probabilities()).containsOnly(0f);
        }
    }

    @Test
    void quietWindowsAreDecidedAfterTheWindowTheBatcherStillHas() {
        int rate = 8000;
        int window = SileroVadModel.windowSamples(rate);
        short[] clean = SileroTestAudio.resample(speech.samples(), speech.sampleRate(), rate);
        int voiced = SileroTestAudio.firstVoiced(clean, rate);
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16)) {
            SileroVad vad = batcher.newVad(rate, CONFIG);
            vad.process(clean, voiced, window);            // a loud window goes to the batcher
            assertThat(vad.pending()).isTrue();
            vad.process(new short[window], 0, window);      // a silent one is gated while the first is out
            assertThat(vad.decidedWindows()).isZero();
            assertThat(batcher.runOnce()).isEqualTo(1);
            vad.speaking();
            assertThat(vad.decidedWindows()).isEqualTo(2);
            assertThat(vad.gatedWindows()).isEqualTo(1);
            assertThat(vad.lastProbability()).as("the gated window is decided last").isZero();
        }
    }

    @Test
    void missingModelFileNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere/silero_vad_v5.onnx");
        assertThatThrownBy(() -> new SileroVadModel(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not found")
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void unsupportedRateIsRefused() {
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 4)) {
            assertThatThrownBy(() -> batcher.newVad(44100, CONFIG)).hasMessageContaining("44100");
        }
    }

    /** Speech after {@link #LEAD_MS} of noise, then 2 s of noise; the noise is {@code snrDb} below the active speech level. */
    private static short[] mix(short[] clean, int rate, double snrDb, long seed) {
        int lead = rate * LEAD_MS / 1000;
        short[] mixed = new short[lead + clean.length + rate * 2];
        System.arraycopy(clean, 0, mixed, lead, clean.length);
        SileroTestAudio.addNoise(mixed, SileroTestAudio.activeRms(clean, rate) / Math.pow(10, snrDb / 20), new Random(seed));
        return mixed;
    }

    /** Feeds 20 ms frames, calling {@code afterFrame} after each (to run or await the batcher). */
    private static Run feed(SileroVad vad, short[] audio, int rate, Runnable afterFrame) {
        int frame = rate / 50;
        List<Integer> changes = new ArrayList<>();
        List<Float> probabilities = new ArrayList<>();
        List<Integer> windowEnds = new ArrayList<>();
        boolean speaking = vad.speaking();
        long decided = vad.decidedWindows();
        int window = SileroVadModel.windowSamples(rate);
        for (int i = 0; i + frame <= audio.length; i += frame) {
            vad.process(audio, i, frame);
            afterFrame.run();
            boolean now = vad.speaking();
            if (vad.decidedWindows() != decided) {
                decided = vad.decidedWindows();
                probabilities.add(vad.lastProbability());
                windowEnds.add((int) ((i + frame) / window * window));
            }
            if (now != speaking) {
                changes.add(i + frame);
                speaking = now;
            }
        }
        return new Run(changes, probabilities, windowEnds);
    }

    /** Called after every frame: polls on the feeding thread, at once and then each millisecond. */
    private static void awaitIdle(SileroVad vad) {
        await("the batcher's answer").pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    vad.speaking(); // takes a finished result
                    return !vad.pending();
                });
    }

    /** Mean probability of the windows ending in [from, to). */
    private static double mean(Run run, int from, int to) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < run.probabilities().size(); i++) {
            int end = run.windowEnds().get(i);
            if (end > from && end <= to) {
                sum += run.probabilities().get(i);
                count++;
            }
        }
        assertThat(count).as("windows between %d and %d", from, to).isPositive();
        return sum / count;
    }
}
