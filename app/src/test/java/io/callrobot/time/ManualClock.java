package io.callrobot.time;

import java.time.Instant;
import java.time.InstantSource;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A clock the test moves: time stands still until {@link #advance}, which runs the tasks that
 * fall due, in time order, on the test's thread. Its wall time moves with it. Thread-safe, so
 * providers' threads may read it and schedule on it.
 */
public final class ManualClock implements CallClock, InstantSource {

    private record Task(long due, long seq, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final long startNanos;
    private final Instant wallStart;
    private long now;
    private long seq;

    public ManualClock() {
        this(Instant.parse("2026-12-01T08:00:00Z"));
    }

    /** A clock whose wall time starts at {@code wallStart}. */
    public ManualClock(Instant wallStart) {
        this.startNanos = 1_000_000_000L;
        this.wallStart = wallStart;
        this.now = startNanos;
    }

    @Override
    public synchronized Instant instant() {
        return wallStart.plusNanos(now - startNanos);
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Timer schedule(Runnable task, long delay, TimeUnit unit) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Task(now + Math.max(0, unit.toNanos(delay)), seq++, task, cancelled));
        return () -> {
            synchronized (ManualClock.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves time on by {@code amount}, running each task as its time comes. */
    public void advance(long amount, TimeUnit unit) {
        long target;
        synchronized (this) {
            target = now + unit.toNanos(amount);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = Math.max(now, next.due);
                if (next.cancelled[0]) {
                    continue;
                }
            }
            next.task.run(); // outside the lock: the task may schedule more
        }
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled[0]).count();
    }
}
