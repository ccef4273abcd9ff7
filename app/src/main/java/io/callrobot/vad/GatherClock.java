package io.callrobot.vad;

import java.util.concurrent.locks.LockSupport;

/**
 * The time {@link SileroVadBatcher} reads and the timed park it waits out a gather with: the
 * system's in production, a clock the test moves in tests.
 */
interface GatherClock {

    /** The system's: {@link System#nanoTime()} and {@link LockSupport}. */
    GatherClock SYSTEM = new GatherClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkNanos(long nanos) {
            LockSupport.parkNanos(nanos);
        }

        @Override
        public void unpark(Thread thread) {
            LockSupport.unpark(thread);
        }
    };

    /** Monotonic nanoseconds. */
    long nanoTime();

    /** Parks the calling thread for at most {@code nanos}; may return earlier (unpark, interrupt, or for no reason). */
    void parkNanos(long nanos);

    /** Ends {@code thread}'s park, or makes its next one return at once. */
    void unpark(Thread thread);
}
