package io.callrobot.tts;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door between a TTS stream and its {@link TtsListener}: callbacks are made only while the
 * stream has not ended, the stream ends once with at most one terminal callback, and no callback
 * is ever made with the stream's lock held (the OkHttp rule: end with a flag under the lock,
 * deliver outside it), so a listener may call back into the stream or post to its owner freely.
 * Streams deliver from one thread, which keeps callbacks in order; a callback already under way
 * when {@code cancel()} ends the stream from another thread may still complete, so listeners drop
 * what arrives after their own cancel. A listener that throws ends the stream. When the stream
 * ends, its delivery thread is interrupted out of any wait.
 */
public final class ListenerGate {

    private static final Logger log = LoggerFactory.getLogger(ListenerGate.class);

    private final String name;
    private final ReentrantLock lock;
    private final Supplier<Runnable> onEnd;
    private boolean ended;
    private volatile Thread deliverer;

    /**
     * @param name  labels log lines (the call id or the stream's name)
     * @param lock  the stream's lock, guarding its state and {@link #ended}
     * @param onEnd run under the lock once the stream ends: clears the stream's state and returns
     *              what to do after the lock is released (cancelling or aborting providers)
     */
    public ListenerGate(String name, ReentrantLock lock, Supplier<Runnable> onEnd) {
        this.name = name;
        this.lock = lock;
        this.onEnd = onEnd;
    }

    /** The thread delivering to the listener, interrupted when the stream ends from elsewhere. */
    public void deliverer(Thread thread) {
        deliverer = thread;
    }

    /** Whether the stream has ended; the caller holds the lock. */
    public boolean ended() {
        return ended;
    }

    /** Runs a listener callback unless the stream has ended; false if it had (or the listener threw). */
    public boolean call(Runnable callback) {
        lock.lock();
        try {
            if (ended) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        try {
            callback.run();
            return true;
        } catch (RuntimeException e) {
            log.error("{}: TTS listener threw; stream cancelled", name, e);
            terminate(() -> { });
            return false;
        }
    }

    /** Ends the stream with {@link TtsListener#onFailure}. */
    public void fail(TtsListener listener, Throwable error) {
        log.warn("{}: TTS failed: {}", name, error.getMessage());
        terminate(() -> listener.onFailure(error));
    }

    /** Ends the stream once: runs {@code last} (the terminal callback, or nothing on cancel) unless already ended. */
    public void terminate(Runnable last) {
        Runnable afterUnlock;
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            afterUnlock = onEnd.get();
        } finally {
            lock.unlock();
        }
        try {
            last.run();
        } catch (RuntimeException e) {
            log.error("{}: TTS listener threw in its terminal callback", name, e);
        }
        afterUnlock.run();
        Thread thread = deliverer;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }
}
