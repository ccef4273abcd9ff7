package io.callrobot.time;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Timers of one owner (a call) whose tasks run on the owner's serial executor, never on the clock's
 * thread. A timer cancelled before its task starts never runs, even when it fired a moment before
 * and its task is already queued on the executor: the task checks the cancel flag when it runs.
 */
public final class OwnerTimers {

    private final CallClock clock;
    private final Executor owner;

    public OwnerTimers(CallClock clock, Executor owner) {
        this.clock = clock;
        this.owner = owner;
    }

    public long nanoTime() {
        return clock.nanoTime();
    }

    /** Runs {@code task} on the owner's executor after {@code delay}, unless cancelled first. */
    public CallClock.Timer schedule(Runnable task, long delay, TimeUnit unit) {
        OwnedTimer timer = new OwnedTimer(task);
        timer.fired = clock.schedule(() -> owner.execute(timer::runIfLive), delay, unit);
        return timer;
    }

    private static final class OwnedTimer implements CallClock.Timer {
        private final Runnable task;
        private volatile CallClock.Timer fired;
        private volatile boolean cancelled;

        OwnedTimer(Runnable task) {
            this.task = task;
        }

        void runIfLive() {
            if (!cancelled) {
                cancelled = true; // runs once
                task.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            CallClock.Timer pending = fired;
            if (pending != null) {
                pending.cancel();
            }
        }
    }
}
