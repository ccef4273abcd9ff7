package io.callrobot.vad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link GatherClock} the test moves. Time stands still until {@link #advance}; a park is
 * recorded and lasts until the time moves, an unpark (whose permit, as {@code LockSupport}'s, is
 * kept for the next park if nobody is parked) or an interrupt.
 */
final class SteppedGatherClock implements GatherClock {

    private final BlockingQueue<Long> parks = new LinkedBlockingQueue<>();
    private long now = 1_000_000_000L;
    private long moves;
    private boolean permit;
    private int unparks;
    private Thread parker;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void parkNanos(long nanos) {
        parker = Thread.currentThread();
        parks.add(nanos);
        long seen = moves;
        try {
            while (!permit && moves == seen) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // as LockSupport: return with the interrupt still set
        }
        permit = false;
    }

    @Override
    public synchronized void unpark(Thread thread) {
        unparks++;
        permit = true;
        notifyAll();
    }

    /** Moves time on; a park under way returns. */
    synchronized void advance(long nanos) {
        now += nanos;
        moves++;
        notifyAll();
    }

    /** Waits for the next park and returns how long it asked for. */
    long nextPark() throws InterruptedException {
        Long nanos = parks.poll(10, TimeUnit.SECONDS);
        assertThat(nanos).as("a park").isNotNull();
        return nanos;
    }

    /** Parks not yet taken by {@link #nextPark}. */
    int parksWaiting() {
        return parks.size();
    }

    synchronized int unparks() {
        return unparks;
    }

    /** The thread that parked last. */
    synchronized Thread parker() {
        return parker;
    }
}
