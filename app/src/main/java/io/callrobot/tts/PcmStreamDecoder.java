package io.callrobot.tts;

/**
 * Turns 16-bit PCM bytes read in arbitrary blocks into samples, carrying an odd trailing byte
 * over to the next block so no sample is split.
 */
public final class PcmStreamDecoder {

    private final boolean bigEndian;
    private int carry = -1;

    public PcmStreamDecoder(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    /** The complete samples in {@code carry + bytes[0, length)}; may be empty. */
    public short[] decode(byte[] bytes, int length) {
        int available = length + (carry >= 0 ? 1 : 0);
        short[] samples = new short[available / 2];
        int in = 0;
        int out = 0;
        if (carry >= 0 && length > 0) {
            samples[out++] = sample((byte) carry, bytes[0]);
            in = 1;
            carry = -1;
        }
        for (; in + 1 < length; in += 2) {
            samples[out++] = sample(bytes[in], bytes[in + 1]);
        }
        if (in < length) {
            carry = bytes[in] & 0xff;
        }
        return samples;
    }

    /** True if an odd byte is left over (a truncated sample at the end of the stream). */
    public boolean hasRemainder() {
        return carry >= 0;
    }

    private short sample(byte first, byte second) {
        return bigEndian
                ? (short) ((first << 8) | (second & 0xff))
                : (short) ((second << 8) | (first & 0xff));
    }
}
