package io.callrobot.vad;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.media.PcmAudio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnergyVadTest {

    private static final VadConfig CONFIG = VadConfig.defaults();

    @Test
    void findsOneUtteranceInSpeechMixedWithNoiseAt15DbSnr() throws Exception {
        PcmAudio speech = EspeakSpeech.speak("cmn", "你好，我想问一下账单");
        int rate = speech.sampleRate();
        int frame = rate / 50;
        double noiseRms = activeRms(speech.samples(), frame) / Math.pow(10, 15 / 20.0);
        int lead = rate * 600 / 1000;
        short[] mixed = new short[lead + speech.samples().length + rate * 2];
        System.arraycopy(speech.samples(), 0, mixed, lead, speech.samples().length);
        addNoise(mixed, noiseRms, new Random(7));

        int firstVoiced = lead + firstVoicedSample(speech.samples(), frame);
        int lastVoiced = lead + lastVoicedSample(speech.samples(), frame);
        List<Integer> changes = transitions(new EnergyVad(rate, frame, CONFIG), mixed, frame);

        assertThat(changes).as("one start and one end").hasSize(2);
        double startDelayMs = (changes.get(0) - firstVoiced) * 1000.0 / rate;
        double endDelayMs = (changes.get(1) - lastVoiced) * 1000.0 / rate;
        assertThat(startDelayMs).isBetween((double) CONFIG.minSpeechMillis(), 200.0);
        assertThat(endDelayMs).isBetween(CONFIG.minSilenceMillis() - 200.0, CONFIG.minSilenceMillis() + 20.0);
    }

    @Test
    void cleanSpeechAlsoGivesOneUtterance() throws Exception {
        PcmAudio speech = EspeakSpeech.speak("en", "Hello, I would like to ask about my bill.");
        int frame = speech.sampleRate() / 50;
        short[] padded = new short[speech.samples().length + speech.sampleRate()];
        System.arraycopy(speech.samples(), 0, padded, 0, speech.samples().length);
        List<Integer> changes = transitions(new EnergyVad(speech.sampleRate(), frame, CONFIG), padded, frame);
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1) - lastVoicedSample(speech.samples(), frame))
                .isLessThanOrEqualTo(speech.sampleRate() * (CONFIG.minSilenceMillis() + 20) / 1000);
    }

    @Test
    void steadyNoiseNeverTriggers() {
        int rate = 8000;
        for (double noiseDbfs : new double[] {-60, -45, -36, -25}) {
            short[] noise = new short[rate * 5];
            addNoise(noise, 32768 * Math.pow(10, noiseDbfs / 20), new Random(11));
            assertThat(transitions(new EnergyVad(rate, rate / 50, CONFIG), noise, rate / 50))
                    .as("noise at %s dBFS", noiseDbfs).isEmpty();
        }
    }

    @Test
    void silenceAndDitherNeverTrigger() {
        int rate = 8000;
        short[] silence = new short[rate * 3];
        assertThat(transitions(new EnergyVad(rate, 160, CONFIG), silence, 160)).isEmpty();
        Random random = new Random(3);
        for (int i = 0; i < silence.length; i++) {
            silence[i] = (short) (random.nextInt(3) - 1);
        }
        assertThat(transitions(new EnergyVad(rate, 160, CONFIG), silence, 160)).isEmpty();
        assertThat(transitions(new EnergyVad(rate, 160, new VadConfig(-40, -45, 120, 600)), silence, 160))
                .isEmpty();
    }

    @Test
    void shortClickIsNotSpeechAndResetForgetsState() {
        int rate = 8000;
        int frame = 160;
        EnergyVad vad = new EnergyVad(rate, frame, new VadConfig(-30, -35, 120, 600));
        short[] loud = new short[frame];
        Arrays.fill(loud, (short) 8000);
        short[] quiet = new short[frame];
        for (int i = 0; i < 5; i++) {
            assertThat(vad.process(loud, 0, frame)).isFalse(); // 100 ms < 120 ms
        }
        assertThat(vad.process(quiet, 0, frame)).isFalse();
        for (int i = 0; i < 6; i++) {
            vad.process(loud, 0, frame);
        }
        assertThat(vad.speaking()).isTrue();
        vad.reset();
        assertThat(vad.speaking()).isFalse();
        assertThat(vad.process(quiet, 0, frame)).isFalse();
    }

    /** Sample index (end of frame) of every change of the speaking state. */
    private static List<Integer> transitions(EnergyVad vad, short[] audio, int frame) {
        List<Integer> changes = new ArrayList<>();
        boolean speaking = false;
        for (int pos = 0; pos + frame <= audio.length; pos += frame) {
            if (vad.process(audio, pos, frame) != speaking) {
                speaking = !speaking;
                changes.add(pos + frame);
            }
        }
        return changes;
    }

    private static void addNoise(short[] audio, double rms, Random random) {
        for (int i = 0; i < audio.length; i++) {
            double v = audio[i] + random.nextGaussian() * rms;
            audio[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
    }

    private static double frameDbfs(short[] audio, int from, int frame) {
        double sum = 0;
        for (int i = from; i < from + frame; i++) {
            sum += (double) audio[i] * audio[i];
        }
        return sum == 0 ? -100 : 10 * Math.log10(sum / frame / (32768.0 * 32768.0));
    }

    /** RMS over frames within 35 dB of full scale, i.e. the speech itself rather than its pauses. */
    private static double activeRms(short[] audio, int frame) {
        double sum = 0;
        long count = 0;
        for (int pos = 0; pos + frame <= audio.length; pos += frame) {
            if (frameDbfs(audio, pos, frame) > -35) {
                for (int i = pos; i < pos + frame; i++) {
                    sum += (double) audio[i] * audio[i];
                }
                count += frame;
            }
        }
        return Math.sqrt(sum / count);
    }

    private static int firstVoicedSample(short[] audio, int frame) {
        for (int pos = 0; pos + frame <= audio.length; pos += frame) {
            if (frameDbfs(audio, pos, frame) > -40) {
                return pos;
            }
        }
        throw new AssertionError("no speech");
    }

    private static int lastVoicedSample(short[] audio, int frame) {
        int last = -1;
        for (int pos = 0; pos + frame <= audio.length; pos += frame) {
            if (frameDbfs(audio, pos, frame) > -40) {
                last = pos + frame;
            }
        }
        return last;
    }
}
