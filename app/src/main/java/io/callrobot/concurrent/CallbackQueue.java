package io.callrobot.concurrent;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Listener callbacks decided under a provider stream's lock and made after it is released (the
 * OkHttp rule: no listener is called with a lock held). The stream {@linkplain #add adds} callbacks
 * while holding its own lock, so the queue's order is the order of its decisions, and calls
 * {@link #drain()} once it holds no lock. The first thread to drain runs the queued callbacks one at
 * a time, including those other threads add meanwhile; a thread that finds a drain under way
 * returns at once, leaving its callbacks to that thread. Callbacks thus never overlap and keep their
 * order whichever threads decide them, and a listener may call back into its stream, whose
 * callbacks then wait for the current one to return.
 */
public final class CallbackQueue {

    private final Object lock = new Object();
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private final Consumer<RuntimeException> onThrow;
    private boolean draining;

    /** @param onThrow told, on the draining thread, of a callback that threw; the drain goes on */
    public CallbackQueue(Consumer<RuntimeException> onThrow) {
        this.onThrow = onThrow;
    }

    /** Queues a callback; call it with the stream's lock held, so that callbacks keep the stream's order. */
    public void add(Runnable callback) {
        synchronized (lock) {
            queued.add(callback);
        }
    }

    /** Drops the queued callbacks (the stream was cancelled); one already running completes. */
    public void clear() {
        synchronized (lock) {
            queued.clear();
        }
    }

    /** Runs the queued callbacks unless another thread is running them; call it holding no lock. */
    public void drain() {
        synchronized (lock) {
            if (draining) {
                return;
            }
            draining = true;
        }
        for (Runnable next = next(); next != null; next = next()) {
            boolean carriedOn = false;
            try {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    onThrow.accept(e);
                }
                carriedOn = true;
            } finally {
                if (!carriedOn) { // an Error: the next drain takes over what is left
                    synchronized (lock) {
                        draining = false;
                    }
                }
            }
        }
    }

    /** The next callback, or null after ending the drain when none is left. */
    private Runnable next() {
        synchronized (lock) {
            Runnable next = queued.poll();
            if (next == null) {
                draining = false;
            }
            return next;
        }
    }
}
