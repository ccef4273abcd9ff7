package io.callrobot.nls;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A clock the test moves and a scheduler that only records what it was asked to run later. */
final class ManualTime implements InstantSource, NlsTokens.Scheduler {

    record Scheduled(Runnable task, Duration delay) {
    }

    private final BlockingQueue<Scheduled> scheduled = new LinkedBlockingQueue<>();
    private volatile Instant now;
    volatile boolean closed;

    ManualTime(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        scheduled.add(new Scheduled(task, delay));
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The next task handed to the scheduler, waiting up to 10 s for it. */
    Scheduled next() throws InterruptedException {
        Scheduled next = scheduled.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("nothing scheduled within 10 s");
        }
        return next;
    }
}
