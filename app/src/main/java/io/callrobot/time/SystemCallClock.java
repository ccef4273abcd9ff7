package io.callrobot.time;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real clock: {@link System#nanoTime()} and one timer thread for every call. Cancelled tasks
 * leave the timer queue at once, so a call that re-arms a timer per utterance leaves no garbage.
 */
public final class SystemCallClock implements CallClock, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SystemCallClock.class);
    private static final Timer NEVER = () -> { };

    private final ScheduledExecutorService timer;

    public SystemCallClock(String threadName) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name(threadName).daemon().factory());
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            ScheduledFuture<?> future = timer.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("timer task failed", e); // one task's failure must not stop the timer thread
                }
            }, delay, unit);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            return NEVER; // shutting down: nothing runs later any more
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
