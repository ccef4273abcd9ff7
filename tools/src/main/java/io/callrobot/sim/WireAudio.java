package io.callrobot.sim;

import io.callrobot.media.PcmAudio;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Caller audio rendered once to what unicast puts on the wire, shared by every call that plays it:
 * 20 ms frames (the last padded with silence) as L16 little-endian and as PCMU for
 * {@code flags: native} (switch_ivr.c, unicast_thread_run and switch_ivr_park), with each frame's
 * voiced flag. The pacing thread sends slices of these buffers; nothing is encoded per frame.
 */
final class WireAudio {

    /** Wire frames of one utterance at one call rate. */
    record Utterance(ByteBuffer l16, ByteBuffer pcmu, boolean[] voiced, int samplesPerFrame) {

        int frames() {
            return voiced.length;
        }

        /**
         * Frame {@code index} in the chosen format, as this buffer's position and limit. The pacing
         * thread is the only one that touches the buffers after they are built.
         */
        ByteBuffer frame(int index, boolean nativeMode) {
            ByteBuffer buffer = nativeMode ? pcmu : l16;
            int size = nativeMode ? samplesPerFrame : 2 * samplesPerFrame;
            buffer.clear().position(index * size).limit((index + 1) * size);
            return buffer;
        }
    }

    /**
     * Keyed by the audio itself (a record compared by its array), held weakly: while a caller keeps
     * the audio it plays, every call reuses one rendering; the two slots are 8 and 16 kHz.
     */
    private final Map<PcmAudio, Utterance[]> rendered = Collections.synchronizedMap(new WeakHashMap<>());

    /** {@code audio} at {@code sampleRate} (8000 or 16000), rendered on the first request; called by the caller's thread. */
    Utterance render(PcmAudio audio, int sampleRate) {
        int slot = sampleRate == 8000 ? 0 : 1;
        Utterance[] known = rendered.computeIfAbsent(audio, a -> new Utterance[2]);
        synchronized (known) {
            if (known[slot] == null) {
                known[slot] = encode(audio.sampleRate() == sampleRate ? audio.samples() : resample(audio, sampleRate),
                        sampleRate / 50);
            }
            return known[slot];
        }
    }

    static Utterance encode(short[] samples, int samplesPerFrame) {
        int frames = (samples.length + samplesPerFrame - 1) / samplesPerFrame;
        ByteBuffer l16 = ByteBuffer.allocateDirect(frames * samplesPerFrame * 2).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer pcmu = ByteBuffer.allocateDirect(frames * samplesPerFrame);
        boolean[] voiced = new boolean[frames];
        for (int i = 0; i < frames * samplesPerFrame; i++) {
            short s = i < samples.length ? samples[i] : 0;
            l16.putShort(s);
            pcmu.put(MuLaw.encode(s));
            if (s >= CallerAudioSource.VOICED_PEAK || s <= -CallerAudioSource.VOICED_PEAK) {
                voiced[i / samplesPerFrame] = true;
            }
        }
        return new Utterance(l16, pcmu, voiced, samplesPerFrame);
    }

    /** Linear interpolation; good enough for test speech. */
    private static short[] resample(PcmAudio audio, int targetRate) {
        short[] in = audio.samples();
        int outLength = (int) ((long) in.length * targetRate / audio.sampleRate());
        short[] out = new short[outLength];
        double step = (double) audio.sampleRate() / targetRate;
        for (int i = 0; i < outLength; i++) {
            double pos = i * step;
            int left = (int) pos;
            int right = Math.min(left + 1, in.length - 1);
            double frac = pos - left;
            out[i] = (short) Math.round(in[left] * (1 - frac) + in[right] * frac);
        }
        return out;
    }
}
