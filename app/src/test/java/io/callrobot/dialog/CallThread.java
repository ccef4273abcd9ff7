package io.callrobot.dialog;

import io.callrobot.time.SystemCallClock;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A call's thread for dialog tests: the dialog is driven on it as the call drives it, and the
 * dialog's LLM tokens and time-outs come back to it, on a real clock.
 */
final class CallThread implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("test-call").daemon().factory());
    private final SystemCallClock clock = new SystemCallClock("test-call-timers");

    DialogScope scope() {
        return new DialogScope(thread, clock);
    }

    /** Runs {@code work} on the call's thread and returns its result. */
    <T> T call(Callable<T> work) throws Exception {
        return thread.submit(work).get(10, TimeUnit.SECONDS);
    }

    /** Runs {@code work} on the call's thread and waits for it. */
    void run(Runnable work) throws Exception {
        call(() -> {
            work.run();
            return null;
        });
    }

    @Override
    public void close() {
        clock.close();
        thread.shutdownNow();
    }
}
