package io.callrobot.time;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * A call's executor under the test's control: tasks wait until the test runs them, one at a time
 * on the test's thread, so the test decides exactly where other threads' events fall.
 */
public final class ManualExecutor implements Executor {

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        queue.add(task);
    }

    /** Runs queued tasks, including those they queue, until none is left; returns how many ran. */
    public int runAll() {
        int ran = 0;
        Runnable next;
        while ((next = poll()) != null) {
            next.run();
            ran++;
        }
        return ran;
    }

    /** Runs the oldest queued task; false if none was queued. */
    public boolean runNext() {
        Runnable next = poll();
        if (next == null) {
            return false;
        }
        next.run();
        return true;
    }

    public synchronized int queued() {
        return queue.size();
    }

    private synchronized Runnable poll() {
        return queue.poll();
    }
}
