package io.callrobot.media;

import java.nio.ByteBuffer;

/**
 * Payload format of the unicast datagrams. {@link #L16} is FreeSWITCH's default (raw signed
 * 16-bit samples in host order, little-endian on x86: {@code switch_ivr_activate_unicast} sets
 * up an "L16" codec); {@link #PCMU} and {@link #PCMA} are the G.711 payloads sent with
 * {@code flags: native}, one byte per sample.
 */
public enum MediaCodec {
    L16(2),
    PCMU(1),
    PCMA(1);

    private final int bytesPerSample;

    MediaCodec(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }

    /**
     * Decodes {@code sampleCount} samples starting at absolute index {@code from} of {@code in}
     * (which must be little-endian for L16) into {@code out}.
     */
    void decode(ByteBuffer in, int from, int sampleCount, short[] out) {
        switch (this) {
            case L16 -> {
                for (int i = 0; i < sampleCount; i++) {
                    out[i] = in.getShort(from + 2 * i);
                }
            }
            case PCMU -> {
                for (int i = 0; i < sampleCount; i++) {
                    out[i] = G711.ulawToLinear(in.get(from + i));
                }
            }
            case PCMA -> {
                for (int i = 0; i < sampleCount; i++) {
                    out[i] = G711.alawToLinear(in.get(from + i));
                }
            }
        }
    }

    /** Encodes {@code count} samples of {@code in} at the position of {@code out} (little-endian for L16). */
    void encode(short[] in, int count, ByteBuffer out) {
        switch (this) {
            case L16 -> {
                for (int i = 0; i < count; i++) {
                    out.putShort(in[i]);
                }
            }
            case PCMU -> {
                for (int i = 0; i < count; i++) {
                    out.put(G711.linearToUlaw(in[i]));
                }
            }
            case PCMA -> {
                for (int i = 0; i < count; i++) {
                    out.put(G711.linearToAlaw(in[i]));
                }
            }
        }
    }
}
