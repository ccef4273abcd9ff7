package io.callrobot.recording;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One channel's frames, placed by their index on the call's 20 ms media clock: a slot per frame
 * index modulo the capacity, stamped with the index it holds. One producer (a media thread) writes,
 * one consumer (the recorder thread) reads; nothing is allocated or locked per frame.
 *
 * <p>The producer turns arrival times into indices: frames within {@link #JITTER_FRAMES} of the
 * next expected index are taken as consecutive (network and scheduling jitter), a later one starts
 * at its own time and leaves silence before it. A frame more than the capacity ahead of what the
 * consumer has read is dropped and counted, so a slow writer never blocks media.
 */
final class FrameRing {

    /** How far (in frames) an arrival may lag or lead its expected place and still follow its predecessor. */
    static final int JITTER_FRAMES = 3;

    private final int frameSamples;
    private final int capacity;
    private final short[] samples;
    private final AtomicLongArray stamps;
    /** Producer only: the index the next frame takes unless it comes late enough to leave a gap. */
    private long next;
    /** Frames ever placed; read by the consumer to know how far a finished channel goes. */
    private volatile long end;
    private volatile long dropped;

    FrameRing(int frameSamples, int capacity) {
        this.frameSamples = frameSamples;
        this.capacity = capacity;
        this.samples = new short[frameSamples * capacity];
        this.stamps = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            stamps.set(i, -1);
        }
    }

    /**
     * Producer: places {@code count} samples (split into whole frames, the last one padded with
     * silence) that arrived at frame time {@code arrivalIndex}.
     *
     * @param readFrom the first index the consumer has not read yet
     */
    void put(short[] source, int count, long arrivalIndex, long readFrom) {
        for (int offset = 0; offset < count; offset += frameSamples) {
            long index = arrivalIndex - next > JITTER_FRAMES ? arrivalIndex : next;
            next = index + 1;
            if (index >= readFrom + capacity || index < readFrom) {
                dropped++;
                continue;
            }
            int slot = (int) (index % capacity);
            int base = slot * frameSamples;
            int n = Math.min(frameSamples, count - offset);
            System.arraycopy(source, offset, samples, base, n);
            if (n < frameSamples) {
                Arrays.fill(samples, base + n, base + frameSamples, (short) 0);
            }
            stamps.lazySet(slot, index); // release: the samples above are visible to whoever sees the stamp
            end = index + 1;
        }
    }

    /**
     * Consumer: copies the frame at {@code index} into every other sample of {@code stereo} from
     * {@code offset} (one channel of interleaved stereo), or silence if no frame holds that index.
     */
    void copyInterleaved(long index, short[] stereo, int offset) {
        int slot = (int) (index % capacity);
        if (stamps.get(slot) == index) {
            int base = slot * frameSamples;
            for (int i = 0; i < frameSamples; i++) {
                stereo[offset + 2 * i] = samples[base + i];
            }
        } else {
            for (int i = 0; i < frameSamples; i++) {
                stereo[offset + 2 * i] = 0;
            }
        }
    }

    /** One past the highest index placed so far. */
    long end() {
        return end;
    }

    /** Frames dropped because the consumer was more than the capacity behind. */
    long dropped() {
        return dropped;
    }
}
