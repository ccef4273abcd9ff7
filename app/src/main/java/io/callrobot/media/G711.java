package io.callrobot.media;

/**
 * ITU-T G.711 mu-law and A-law companding, as FreeSWITCH's {@code src/include/g711.h} does it
 * (segment encoding of the biased magnitude, codes complemented / XORed with 0x55 on the wire).
 * Decoding uses 256-entry tables computed once; encoding computes the segment directly.
 */
final class G711 {

    /** mu-law bias added to the magnitude before segmenting (G.711 section 3.2, g711.h ULAW_BIAS). */
    private static final int ULAW_BIAS = 0x84;
    /** A-law even-bit inversion mask (G.711 section 3.1, g711.h ALAW_AMI_MASK). */
    private static final int ALAW_AMI_MASK = 0x55;

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_TO_LINEAR[code] = computeUlawToLinear(code);
            ALAW_TO_LINEAR[code] = computeAlawToLinear(code);
        }
    }

    private G711() {
    }

    static short ulawToLinear(int code) {
        return ULAW_TO_LINEAR[code & 0xff];
    }

    static short alawToLinear(int code) {
        return ALAW_TO_LINEAR[code & 0xff];
    }

    static byte linearToUlaw(int linear) {
        int mask;
        int magnitude;
        if (linear < 0) {
            magnitude = ULAW_BIAS - linear;
            mask = 0x7f;
        } else {
            magnitude = ULAW_BIAS + linear;
            mask = 0xff;
        }
        int segment = topBit(magnitude | 0xff) - 7;
        int code = segment >= 8 ? 0x7f : (segment << 4) | ((magnitude >> (segment + 3)) & 0x0f);
        return (byte) (code ^ mask);
    }

    static byte linearToAlaw(int linear) {
        int mask;
        int magnitude;
        if (linear >= 0) {
            mask = ALAW_AMI_MASK | 0x80;
            magnitude = linear;
        } else {
            mask = ALAW_AMI_MASK;
            magnitude = -linear - 8;
        }
        int segment = topBit(magnitude | 0xff) - 7;
        if (segment >= 8) {
            return (byte) ((magnitude >= 0 ? 0x7f : 0x00) ^ mask);
        }
        int shift = segment == 0 ? 4 : segment + 3;
        return (byte) (((segment << 4) | ((magnitude >> shift) & 0x0f)) ^ mask);
    }

    private static int topBit(int bits) {
        return 31 - Integer.numberOfLeadingZeros(bits);
    }

    private static short computeUlawToLinear(int code) {
        int u = ~code & 0xff;
        int magnitude = (((u & 0x0f) << 3) + ULAW_BIAS) << ((u & 0x70) >> 4);
        return (short) ((u & 0x80) != 0 ? ULAW_BIAS - magnitude : magnitude - ULAW_BIAS);
    }

    private static short computeAlawToLinear(int code) {
        int a = (code ^ ALAW_AMI_MASK) & 0xff;
        int magnitude = (a & 0x0f) << 4;
        int segment = (a & 0x70) >> 4;
        magnitude = segment == 0 ? magnitude + 8 : (magnitude + 0x108) << (segment - 1);
        return (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
    }
}
