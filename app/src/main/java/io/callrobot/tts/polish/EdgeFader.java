package io.callrobot.tts.polish;

/**
 * Fades every chunk's audio in at its start and out at its end with a raised cosine, so chunks
 * synthesised as separate utterances join without a click whatever sample they start or end on.
 * The fade-in is applied as samples pass; for the fade-out only the last fade length of the chunk
 * is held back until more audio or the chunk's end arrives, so first audio is never delayed.
 * One instance serves one reply, chunk after chunk.
 */
final class EdgeFader {

    private final int fadeMillis;
    private int sampleRate;
    /** Gains rising from near 0 to near 1: {@code rise[k] = (1 - cos(pi (k + 1) / (n + 1))) / 2}. */
    private float[] rise = new float[0];
    /** The chunk's latest samples, not yet released: at most {@code rise.length}. */
    private short[] held = new short[0];
    private int heldLength;
    /** Samples of the current chunk released so far. */
    private long position;

    EdgeFader(int fadeMillis) {
        this.fadeMillis = fadeMillis;
    }

    /** Rate of the audio held back, 0 before any. */
    int sampleRate() {
        return sampleRate;
    }

    /** Samples held back from the current chunk. */
    int heldLength() {
        return heldLength;
    }

    /**
     * Takes the chunk's next audio and returns what may be released now, not yet shaped: the
     * samples held so far and {@code pcm}, except the last fade length.
     */
    short[] push(short[] pcm, int rate) {
        useRate(rate);
        int n = held.length;
        if (n == 0) {
            return pcm;
        }
        int total = heldLength + pcm.length;
        int release = Math.max(0, total - n);
        short[] out = new short[release];
        int fromHeld = Math.min(heldLength, release);
        System.arraycopy(held, 0, out, 0, fromHeld);
        System.arraycopy(pcm, 0, out, fromHeld, release - fromHeld);
        int stillHeld = heldLength - fromHeld;
        System.arraycopy(held, fromHeld, held, 0, stillHeld);
        System.arraycopy(pcm, release - fromHeld, held, stillHeld, pcm.length - (release - fromHeld));
        heldLength = total - release;
        return out;
    }

    /** Applies the fade-in to released samples that are among the chunk's first; allocates nothing. */
    void fadeIn(short[] released) {
        int n = rise.length;
        for (int i = 0; i < released.length && position + i < n; i++) {
            released[i] = (short) Math.round(released[i] * rise[(int) position + i]);
        }
        position += released.length;
    }

    /** The chunk has ended: returns its held-back end, not yet shaped, and starts the next chunk. */
    short[] drain() {
        short[] tail = new short[heldLength];
        System.arraycopy(held, 0, tail, 0, heldLength);
        heldLength = 0;
        return tail;
    }

    /** Shapes the chunk's drained end: fade-in where it is among the chunk's first samples, then the fade-out. */
    void fadeTail(short[] tail) {
        fadeIn(tail);
        for (int i = 0; i < tail.length; i++) {
            tail[i] = (short) Math.round(tail[i] * rise[tail.length - 1 - i]);
        }
        position = 0;
    }

    private void useRate(int rate) {
        if (rate == sampleRate) {
            return;
        }
        sampleRate = rate;
        int n = (int) ((long) rate * fadeMillis / 1000);
        rise = new float[n];
        for (int k = 0; k < n; k++) {
            rise[k] = (float) (0.5 * (1 - Math.cos(Math.PI * (k + 1) / (n + 1))));
        }
        held = new short[n];
        heldLength = 0;
    }
}
