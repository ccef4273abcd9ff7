package io.callrobot.tts;

import java.util.Arrays;
import java.util.Optional;

/**
 * Decodes a RIFF/WAVE stream fed in pieces of any size into mono 16-bit samples as its bytes
 * arrive, knowing nothing of where they come from. Streaming TTS servers write the header before
 * the audio exists, so the data size may be unknown (0, 0xFFFFFFFF, espeak-ng's 0x7FFFF000), a
 * guess, or exact; unknown sizes are read to the end. Stereo is averaged to mono; chunks other
 * than {@code fmt } and {@code data} (LIST, fact, ...) are skipped.
 *
 * <p>A stream that breaks the format fails: {@link #feed} returns nothing more and
 * {@link #failure()} says what was wrong. Call {@link #end()} when the stream ends.
 */
public final class WavStreamDecoder {

    /** Where the decoder is in the stream; each state waits for its bytes and resumes on the next feed. */
    enum State { RIFF_HEADER, CHUNK_HEADER, FMT, SKIP, DATA, FAILED }

    // RIFF/WAVE layout: Microsoft "Multimedia Programming Interface and Data Specifications 1.0" (1991)
    private static final int RIFF = 0x46464952; // "RIFF"
    private static final int WAVE = 0x45564157; // "WAVE"
    private static final int FMT = 0x20746d66; // "fmt "
    private static final int DATA = 0x61746164; // "data"
    private static final int FORMAT_PCM = 1; // WAVE_FORMAT_PCM (mmreg.h)
    private static final int FORMAT_EXTENSIBLE = 0xFFFE; // WAVE_FORMAT_EXTENSIBLE: sub-format GUID at fmt offset 24
    private static final int MAX_FMT_BYTES = 64; // 16 for PCM, 18 with cbSize, 40 for EXTENSIBLE
    /** Sizes at or above this are placeholders of a writer that cannot seek back (espeak-ng writes 0x7FFFF000). */
    private static final long PLACEHOLDER_SIZE = 0x7FFF0000L;
    private static final int MIN_RATE = 8000;
    private static final int MAX_RATE = 48000;

    private final long maxSkippedBytes;
    private final byte[] header = new byte[MAX_FMT_BYTES];
    private final byte[] frame = new byte[4];
    private State state = State.RIFF_HEADER;
    private int headerFill;
    private int headerNeed = 12;
    private long remaining;
    private long declaredData;
    private boolean sized;
    private boolean afterSizedData;
    private long skipped;
    private int channels;
    private int sampleRate;
    private int frameFill;
    private boolean sawData;
    private String failure;

    /** @param maxSkippedBytes the most bytes of non-audio chunks to skip before failing */
    public WavStreamDecoder(long maxSkippedBytes) {
        this.maxSkippedBytes = maxSkippedBytes;
    }

    /** The samples completed by {@code bytes[offset, offset + length)}, averaged to mono; may be empty. */
    public short[] feed(byte[] bytes, int offset, int length) {
        short[] out = new short[(length + header.length + frame.length) / 2];
        int n = 0;
        int pos = offset;
        int end = offset + length;
        while (pos < end && state != State.FAILED) {
            switch (state) {
                case RIFF_HEADER, CHUNK_HEADER, FMT -> {
                    int take = Math.min(headerNeed - headerFill, end - pos);
                    System.arraycopy(bytes, pos, header, headerFill, take);
                    headerFill += take;
                    pos += take;
                    if (headerFill == headerNeed) {
                        n = headerComplete(out, n);
                    }
                }
                case SKIP -> {
                    int take = (int) Math.min(remaining, end - pos);
                    pos += take;
                    remaining -= take;
                    if (remaining == 0) {
                        expectChunkHeader();
                    }
                }
                case DATA -> {
                    int take = sized ? (int) Math.min(remaining, end - pos) : end - pos;
                    n = samples(bytes, pos, take, out, n);
                    pos += take;
                    if (sized && (remaining -= take) == 0) {
                        dataComplete();
                    }
                }
                default -> throw new AssertionError(state);
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The stream's sample rate, 0 until its {@code fmt } chunk was read. */
    public int sampleRate() {
        return sampleRate;
    }

    /** What was wrong with the stream, once it failed. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** The stream ended: what was wrong with it, if anything (no audio, fewer bytes than promised, ...). */
    public Optional<String> end() {
        if (state == State.FAILED) {
            return failure();
        }
        if (state == State.RIFF_HEADER) {
            return fail(headerFill == 0 ? "is empty" : "ended inside the RIFF header after " + headerFill + " bytes");
        }
        if (!sawData) {
            return fail("ended before any data chunk");
        }
        if (state == State.DATA && sized) {
            return fail("ended after " + (declaredData - remaining) + " of the " + declaredData
                    + " data bytes its header promised");
        }
        if (frameFill != 0) {
            return fail("ended inside a sample frame (" + frameFill + " stray bytes)");
        }
        // a partial chunk header after a sized data chunk is dropped: a writer may pad or guess short
        return Optional.empty();
    }

    private Optional<String> fail(String what) {
        failure = what;
        state = State.FAILED;
        return failure();
    }

    private int headerComplete(short[] out, int n) {
        switch (state) {
            case RIFF_HEADER -> riffHeader();
            case CHUNK_HEADER -> {
                return chunkHeader(out, n);
            }
            case FMT -> fmt();
            default -> throw new AssertionError(state);
        }
        return n;
    }

    private void riffHeader() {
        if (intAt(0) != RIFF || intAt(8) != WAVE) {
            fail("is not a RIFF/WAVE stream (starts with " + printable(0, 4) + ")");
            return;
        }
        expectChunkHeader();
    }

    private int chunkHeader(short[] out, int n) {
        int id = intAt(0);
        long size = Integer.toUnsignedLong(intAt(4));
        if (!fourCc()) {
            if (afterSizedData) {
                // the data size was a guess too small: these bytes are more samples, and the rest follows unsized
                state = State.DATA;
                sized = false;
                return samples(header, 0, 8, out, n);
            }
            fail("has a chunk named " + printable(0, 4) + ", not a RIFF chunk id");
            return n;
        }
        if (id == FMT) {
            if (size < 16 || size > MAX_FMT_BYTES) {
                fail("has a fmt chunk of " + size + " bytes (16 to " + MAX_FMT_BYTES + " expected)");
                return n;
            }
            state = State.FMT;
            headerFill = 0;
            headerNeed = (int) (size + (size & 1)); // chunks are word-aligned: an odd size is padded
        } else if (id == DATA) {
            if (channels == 0) {
                fail("has a data chunk before its fmt chunk");
                return n;
            }
            sawData = true;
            // 0 and placeholders: the writer streams and did not know the size
            sized = size != 0 && size < PLACEHOLDER_SIZE;
            declaredData = size;
            remaining = size;
            state = State.DATA;
        } else {
            remaining = size + (size & 1);
            skipped += remaining;
            if (skipped > maxSkippedBytes) {
                fail("has more than " + maxSkippedBytes + " bytes of non-audio chunks (" + printable(0, 4).strip() + ")");
                return n;
            }
            state = State.SKIP;
            if (remaining == 0) {
                expectChunkHeader();
            }
        }
        return n;
    }

    private void fmt() {
        int format = shortAt(0);
        int chans = shortAt(2);
        int rate = intAt(4);
        int bits = shortAt(14);
        if (format == FORMAT_EXTENSIBLE && headerNeed >= 26) {
            format = shortAt(24); // the sub-format GUID starts with the format tag
        }
        if (format != FORMAT_PCM) {
            fail("has format tag " + format + ", not PCM (1)");
        } else if (bits != 16) {
            fail("has " + bits + "-bit samples, not 16-bit");
        } else if (chans != 1 && chans != 2) {
            fail("has " + chans + " channels, not mono or stereo");
        } else if (rate < MIN_RATE || rate > MAX_RATE) {
            fail("has a sample rate of " + Integer.toUnsignedString(rate) + " Hz, not " + MIN_RATE + " to " + MAX_RATE);
        } else {
            channels = chans;
            sampleRate = rate;
            expectChunkHeader();
        }
    }

    private void dataComplete() {
        if (frameFill != 0) {
            fail("has a data size of " + declaredData + " bytes, not whole " + 2 * channels + "-byte frames");
            return;
        }
        afterSizedData = true;
        if ((declaredData & 1) != 0) {
            remaining = 1;
            state = State.SKIP;
        } else {
            expectChunkHeader();
        }
    }

    private void expectChunkHeader() {
        state = State.CHUNK_HEADER;
        headerFill = 0;
        headerNeed = 8;
    }

    /** Appends the frames completed by {@code bytes[pos, pos + length)} to {@code out}, carrying a partial frame over. */
    private int samples(byte[] bytes, int pos, int length, short[] out, int n) {
        int frameBytes = 2 * channels;
        for (int i = pos; i < pos + length; i++) {
            frame[frameFill++] = bytes[i];
            if (frameFill == frameBytes) {
                int sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += (short) ((frame[2 * c + 1] << 8) | (frame[2 * c] & 0xff)); // little-endian
                }
                out[n++] = (short) (sum / channels);
                frameFill = 0;
            }
        }
        return n;
    }

    private boolean fourCc() {
        for (int i = 0; i < 4; i++) {
            if (header[i] < 0x20 || header[i] > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private String printable(int from, int length) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = from; i < from + length; i++) {
            int b = header[i] & 0xff;
            s.append(b >= 0x20 && b <= 0x7e ? Character.toString(b) : String.format("\\x%02x", b));
        }
        return s.append('"').toString();
    }

    private int intAt(int i) {
        return (header[i] & 0xff) | (header[i + 1] & 0xff) << 8 | (header[i + 2] & 0xff) << 16 | (header[i + 3] & 0xff) << 24;
    }

    private int shortAt(int i) {
        return (header[i] & 0xff) | (header[i + 1] & 0xff) << 8;
    }
}
