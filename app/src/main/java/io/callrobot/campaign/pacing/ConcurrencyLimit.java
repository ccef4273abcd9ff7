package io.callrobot.campaign.pacing;

/** At most {@code max} things at once, counted. Thread-safe. */
public final class ConcurrencyLimit {

    private final int max;
    private int inUse;

    public ConcurrencyLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        this.max = max;
    }

    /** Takes a slot if one is free. */
    public synchronized boolean tryAcquire() {
        if (inUse >= max) {
            return false;
        }
        inUse++;
        return true;
    }

    /**
     * Gives a slot back.
     *
     * @throws IllegalStateException if none is taken: a release without its acquire
     */
    public synchronized void release() {
        if (inUse == 0) {
            throw new IllegalStateException("release without acquire");
        }
        inUse--;
    }

    public synchronized boolean isFull() {
        return inUse >= max;
    }

    public synchronized int inUse() {
        return inUse;
    }

    public int max() {
        return max;
    }
}
