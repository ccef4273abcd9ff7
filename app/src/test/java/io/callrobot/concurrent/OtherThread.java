package io.callrobot.concurrent;

import java.time.Duration;

/** Re-entry checks for listener tests. */
public final class OtherThread {

    private OtherThread() {
    }

    /**
     * Runs {@code action} on another thread and waits up to 10 s for it: whether it returned. Called
     * from a callback, it tells whether the stream's lock is free there (else the action would wait
     * for it while the callback waits for the action).
     */
    public static boolean returnsOnAnotherThread(Runnable action) {
        try {
            return Thread.ofPlatform().name("other").start(action).join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
