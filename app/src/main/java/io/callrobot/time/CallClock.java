package io.callrobot.time;

import java.util.concurrent.TimeUnit;

/**
 * Monotonic time and delayed tasks, the only source of either for call logic. Tasks run on the
 * clock's own timer thread, shared by every call: they must only hand work to their owner (see
 * {@link OwnerTimers}) and never block.
 */
public interface CallClock {

    /** Monotonic nanoseconds, comparable with {@link System#nanoTime()} in production. */
    long nanoTime();

    /** Runs {@code task} once after {@code delay} (at once if not positive) unless cancelled first. */
    Timer schedule(Runnable task, long delay, TimeUnit unit);

    /** A task waiting to run. */
    interface Timer {
        /** Stops the task if it has not started; idempotent. */
        void cancel();
    }
}
