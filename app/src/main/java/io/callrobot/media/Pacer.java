package io.callrobot.media;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one clock for all calls: a platform thread at maximum priority wakes at absolute
 * deadlines {@code origin + k * frame} (so sleep overshoot never accumulates) and runs every
 * registered call's tick, which sends at most one frame. If it falls more than
 * {@value #RESYNC_FRAMES} frames behind (a stalled machine), it restarts its clock instead of
 * bursting the backlog, since FreeSWITCH would play a burst at once, and counts the resync.
 * A tick allocates nothing: the calls are kept in an array replaced on (un)registration.
 */
final class Pacer {

    private static final Logger log = LoggerFactory.getLogger(Pacer.class);
    static final int RESYNC_FRAMES = 3;

    private final long frameNanos;
    private final LatenessHistogram lateness = new LatenessHistogram();
    private final Object registration = new Object();
    private volatile LongConsumer[] calls = new LongConsumer[0];
    private volatile boolean running;
    private volatile long ticks;
    private volatile long resyncs;
    private Thread thread;

    Pacer(int frameMillis) {
        this.frameNanos = frameMillis * 1_000_000L;
    }

    void register(LongConsumer call) {
        synchronized (registration) {
            LongConsumer[] next = Arrays.copyOf(calls, calls.length + 1);
            next[calls.length] = call;
            calls = next;
        }
    }

    void unregister(LongConsumer call) {
        synchronized (registration) {
            LongConsumer[] current = calls;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == call) {
                    LongConsumer[] next = new LongConsumer[current.length - 1];
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

    /** Runs one tick for every call; the pacer thread calls it, tests may call it by hand. */
    void tick(long nowNanos) {
        LongConsumer[] current = calls;
        for (LongConsumer call : current) {
            try {
                call.accept(nowNanos);
            } catch (RuntimeException e) {
                log.warn("media tick failed", e);
            }
        }
        ticks++;
    }

    PacerStats stats() {
        return new PacerStats(ticks, resyncs, calls.length, lateness.max(), lateness.percentile(0.50),
                lateness.percentile(0.99));
    }

    private void run() {
        long origin = System.nanoTime();
        long k = 0;
        while (running) {
            long deadline = origin + ++k * frameNanos;
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
}
