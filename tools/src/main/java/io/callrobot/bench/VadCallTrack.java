package io.callrobot.bench;

import io.callrobot.media.PcmAudio;
import java.util.List;
import java.util.Random;

/**
 * What the caller's side of a call sounds like for the VAD benchmark: real (espeak-ng) utterances
 * at a nominal speech level, separated by pauses while the robot talks, on a line with constant
 * background noise.
 *
 * @param samples    the track, a whole number of 20 ms frames; calls loop over it
 * @param sampleRate its rate
 * @param utterances utterances in the track
 * @param speechSeconds seconds of speech in it
 */
record VadCallTrack(short[] samples, int sampleRate, int utterances, double speechSeconds) {

    /** Active speech level: ITU-T P.56's nominal -26 dBov, the level telephone speech is measured at. */
    static final double SPEECH_DBFS = -26;

    /**
     * @param voices       utterances, any rate; used in turn until the track is {@code seconds} long
     * @param noiseDbfs    background noise level (white, Gaussian), the whole track through
     * @param talkFraction share of the time the caller speaks, e.g. 0.4 (the robot talks in between)
     */
    static VadCallTrack build(List<PcmAudio> voices, int rate, int seconds, double noiseDbfs, double talkFraction,
            long seed) {
        Random random = new Random(seed);
        int frame = rate / 50;
        short[][] speech = new short[voices.size()][];
        for (int i = 0; i < speech.length; i++) {
            speech[i] = atLevel(voices.get(i).resampled(rate).samples(), SPEECH_DBFS);
        }
        int length = seconds * rate / frame * frame;
        double[] mix = new double[length];
        int at = rate / 2;
        int count = 0;
        long spoken = 0;
        for (int u = 0; at < length; u++) {
            short[] s = speech[u % speech.length];
            if (at + s.length > length) {
                break;
            }
            for (int i = 0; i < s.length; i++) {
                mix[at + i] = s[i];
            }
            count++;
            spoken += s.length;
            double pause = s.length * (1 - talkFraction) / talkFraction;
            at += s.length + (int) (pause * (0.7 + 0.6 * random.nextDouble()));
        }
        double noise = 32768 * Math.pow(10, noiseDbfs / 20);
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(mix[i] + noise * random.nextGaussian())));
        }
        return new VadCallTrack(out, rate, count, spoken / (double) rate);
    }

    /** Scales a clip so that its voiced 20 ms frames (above -50 dBFS) have {@code dbfs} RMS together. */
    private static short[] atLevel(short[] clip, double dbfs) {
        int frame = 160;
        double sum = 0;
        long n = 0;
        double floor = Math.pow(32768 * Math.pow(10, -50 / 20.0), 2) * frame;
        for (int i = 0; i + frame <= clip.length; i += frame) {
            double e = 0;
            for (int k = i; k < i + frame; k++) {
                e += (double) clip[k] * clip[k];
            }
            if (e > floor) {
                sum += e;
                n += frame;
            }
        }
        double gain = n == 0 ? 1 : 32768 * Math.pow(10, dbfs / 20) / Math.sqrt(sum / n);
        short[] out = new short[clip.length];
        for (int i = 0; i < clip.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(clip[i] * gain)));
        }
        return out;
    }
}
