package io.callrobot.concurrent;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one owner's tasks (a call's, a chat test's) one at a time, in order, on a shared executor
 * (virtual threads), so the owner's state needs no locks and a blocked owner never holds a
 * platform thread. Tasks run with the owner's id as {@code call} in the logging context.
 */
public final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Executor executor;
    private final String callId;
    private boolean running;

    public SerialExecutor(Executor executor, String callId) {
        this.executor = executor;
        this.callId = callId;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        MDC.put("call", callId);
        try {
            while (true) {
                Runnable next;
                synchronized (tasks) {
                    next = tasks.poll();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException e) {
                    log.error("call task failed", e);
                }
            }
        } finally {
            MDC.remove("call");
        }
    }
}
