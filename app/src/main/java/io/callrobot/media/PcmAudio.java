package io.callrobot.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Mono signed 16-bit PCM at a sample rate, with conversion from and to WAV (RIFF) bytes.
 * WAV layout: Microsoft RIFF WAVE, "fmt " chunk (format 1 = PCM), "data" chunk.
 */
public record PcmAudio(int sampleRate, short[] samples) {

    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /**
     * Parses a 16-bit PCM WAV file; multi-channel audio is averaged to mono. A data chunk whose
     * declared size overruns the input (streamed WAV, e.g. {@code espeak-ng --stdout}) is read to the end.
     *
     * @throws IllegalArgumentException if the bytes are not 16-bit PCM WAV
     */
    public static PcmAudio fromWav(byte[] wav) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || in.getInt(0) != 0x46464952 || in.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int channels = 0;
        int rate = 0;
        int pos = 12;
        while (pos + 8 <= wav.length) {
            int id = in.getInt(pos);
            long size = Integer.toUnsignedLong(in.getInt(pos + 4));
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                if (size < 16 || body + 16 > wav.length) {
                    throw new IllegalArgumentException("truncated fmt chunk");
                }
                int format = in.getShort(body) & 0xffff;
                channels = in.getShort(body + 2) & 0xffff;
                rate = in.getInt(body + 4);
                int bits = in.getShort(body + 14) & 0xffff;
                if ((format != 1 && format != 0xFFFE) || bits != 16 || channels < 1 || rate <= 0) {
                    throw new IllegalArgumentException(
                            "unsupported WAV format " + format + ", " + bits + " bits, " + channels + " channels");
                }
            } else if (id == 0x61746164) { // "data"
                if (channels == 0) {
                    throw new IllegalArgumentException("WAV data chunk before fmt chunk");
                }
                int length = (int) Math.min(size, wav.length - body);
                int frames = length / (2 * channels);
                short[] samples = new short[frames];
                for (int i = 0; i < frames; i++) {
                    int sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += in.getShort(body + 2 * (i * channels + c));
                    }
                    samples[i] = (short) (sum / channels);
                }
                return new PcmAudio(rate, samples);
            }
            pos = (int) Math.min(wav.length, body + size + (size & 1));
        }
        throw new IllegalArgumentException("WAV has no data chunk");
    }

    /** The same audio at another rate, through the call path's {@link Resampler} (whole clips, e.g. test speech). */
    public PcmAudio resampled(int rate) {
        if (rate == sampleRate) {
            return this;
        }
        Resampler resampler = new ResamplerFactory().create(sampleRate, rate);
        short[] head = resampler.process(samples, 0, samples.length);
        short[] tail = resampler.flush();
        short[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return new PcmAudio(rate, all);
    }

    /** Encodes as a 16-bit mono PCM WAV file. */
    public byte[] toWav() {
        int dataBytes = samples.length * 2;
        ByteBuffer out = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x46464952).putInt(36 + dataBytes).putInt(0x45564157);
        out.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        out.putInt(0x61746164).putInt(dataBytes);
        for (short s : samples) {
            out.putShort(s);
        }
        return out.array();
    }
}
