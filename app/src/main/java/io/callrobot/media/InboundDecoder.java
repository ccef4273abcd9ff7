package io.callrobot.media;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns one received unicast datagram into samples and classifies it. Written to by the receive
 * thread only; counters are read by others. Never throws on bad input: what can be decoded is,
 * the rest is counted.
 */
final class InboundDecoder {

    /**
     * Largest datagram FreeSWITCH sends or accepts: its unicast frame buffer
     * ({@code write_frame_data[SWITCH_RECOMMENDED_BUFFER_SIZE]} in {@code switch_unicast_conninfo_t}, 8192 bytes).
     */
    static final int MAX_DATAGRAM = 8192;

    private final MediaCodec codec;
    private final int frameSamples;
    private final short[] samples;

    volatile long packets;
    volatile long bytes;
    volatile long malformed;
    volatile long comfortNoise;

    InboundDecoder(MediaCodec codec, int frameSamples) {
        this.codec = codec;
        this.frameSamples = frameSamples;
        this.samples = new short[Math.max(frameSamples, MAX_DATAGRAM / codec.bytesPerSample())];
    }

    short[] samples() {
        return samples;
    }

    /**
     * Decodes the datagram in {@code datagram[0..length)} (a buffer of at least
     * {@link #MAX_DATAGRAM} + 1 bytes, so that a longer datagram shows as truncated) and returns
     * the number of samples now in {@link #samples()}.
     */
    int decode(ByteBuffer datagram, int length) {
        packets++;
        bytes += length;
        if (length == 0) {
            malformed++;
            return 0;
        }
        if (isComfortNoise(datagram, length)) {
            // FreeSWITCH forwards CNG read frames as runs of 0xFF, L16-sized even in native mode
            // (seen on a real FreeSWITCH; switch_ivr_park sends read_frame->data as is).
            comfortNoise++;
            Arrays.fill(samples, 0, frameSamples, (short) 0);
            return frameSamples;
        }
        int usable = Math.min(length, MAX_DATAGRAM);
        int count = usable / codec.bytesPerSample();
        if (usable != length || count * codec.bytesPerSample() != usable) {
            malformed++;
        }
        codec.decode(datagram, 0, count, samples);
        return count;
    }

    private static boolean isComfortNoise(ByteBuffer datagram, int length) {
        for (int i = 0; i < length; i++) {
            if (datagram.get(i) != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }
}
