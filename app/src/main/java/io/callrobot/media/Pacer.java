package io.callrobot.media;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one clock for all calls, with a phase per call. A platform thread at maximum priority
 * wakes every {@value #SLOT_MILLIS} ms at absolute deadlines {@code origin + k * slot} (so sleep
 * overshoot never accumulates) and runs one slot: each call may send a frame once a whole frame
 * time has passed since its previous frame. A call that keeps its queue filled therefore sends
 * exactly one frame per frame time on its own phase, while audio reaching an idle call leaves at
 * the next slot instead of waiting for a clock shared by all calls; two frames of a call are
 * never closer than a frame time (slot count), since FreeSWITCH has no jitter buffer.
 *
 * <p>If the thread falls more than {@value #RESYNC_FRAMES} frames behind (a stalled machine), it
 * restarts its clock instead of bursting the backlog, since FreeSWITCH would play a burst at once,
 * and counts the resync. A slot allocates nothing: the calls are kept in an array replaced on
 * (un)registration, and each entry's schedule is a slot number touched only by the pacer thread.
 */
final class Pacer {

    /** A call served by the pacer. */
    interface Paced {
        /**
         * Sends the call's next frame if one is ready and returns whether it did. {@code due} is
         * true once per frame time of the call's phase: only then is a missing frame an underrun.
         * Between due slots the call should return at once when nothing new was queued.
         */
        boolean tick(long nowNanos, boolean due);
    }

    private static final Logger log = LoggerFactory.getLogger(Pacer.class);
    static final int RESYNC_FRAMES = 3;
    static final int SLOT_MILLIS = 1;
    private static final long SLOT_NANOS = SLOT_MILLIS * 1_000_000L;

    private final long frameNanos;
    private final int slotsPerFrame;
    private final LatenessHistogram lateness = new LatenessHistogram();
    private final Object registration = new Object();
    private volatile Entry[] calls = new Entry[0];
    private volatile boolean running;
    /** Number of the next slot to run; written only by the ticking thread. */
    private volatile long slot;
    private volatile long frames;
    private volatile long resyncs;
    private Thread thread;

    Pacer(int frameMillis) {
        this.frameNanos = frameMillis * 1_000_000L;
        this.slotsPerFrame = frameMillis / SLOT_MILLIS;
    }

    /** Adds a call; it may send from the next slot on. */
    void register(Paced call) {
        synchronized (registration) {
            Entry[] next = Arrays.copyOf(calls, calls.length + 1);
            next[calls.length] = new Entry(call, slot);
            calls = next;
        }
    }

    void unregister(Paced call) {
        synchronized (registration) {
            Entry[] current = calls;
            for (int i = 0; i < current.length; i++) {
                if (current[i].call == call) {
                    Entry[] next = new Entry[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    calls = next;
                    return;
                }
            }
        }
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "media-pacer");
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    /**
     * Runs the next slot: every call whose previous frame is at least a frame time old gets a
     * chance to send. The pacer thread calls it each slot; tests may call it by hand, each call
     * standing for {@value #SLOT_MILLIS} ms.
     */
    void tick(long nowNanos) {
        long k = slot;
        long sent = 0;
        for (Entry entry : calls) {
            long since = k - entry.nextSlot;
            if (since < 0) {
                continue;
            }
            try {
                if (entry.call.tick(nowNanos, since % slotsPerFrame == 0)) {
                    entry.nextSlot = k + slotsPerFrame;
                    sent++;
                }
            } catch (RuntimeException e) {
                log.warn("media tick failed", e);
            }
        }
        frames += sent;
        slot = k + 1;
    }

    /** Slots in one frame time. */
    int slotsPerFrame() {
        return slotsPerFrame;
    }

    PacerStats stats() {
        return new PacerStats(slot, frames, resyncs, calls.length, lateness.max(), lateness.percentile(0.50),
                lateness.percentile(0.99));
    }

    private void run() {
        long origin = System.nanoTime();
        long k = 0;
        while (running) {
            long deadline = origin + ++k * SLOT_NANOS;
            long now;
            while ((now = System.nanoTime()) < deadline) {
                LockSupport.parkNanos(this, deadline - now);
                if (!running) {
                    return;
                }
            }
            long late = now - deadline;
            if (late > RESYNC_FRAMES * frameNanos) {
                resyncs++;
                origin = now;
                k = 0;
            }
            lateness.record(late);
            tick(now);
        }
    }

    /** A registered call and the first slot at which it may send again. */
    private static final class Entry {
        final Paced call;
        long nextSlot;

        Entry(Paced call, long nextSlot) {
            this.call = call;
            this.nextSlot = nextSlot;
        }
    }
}
