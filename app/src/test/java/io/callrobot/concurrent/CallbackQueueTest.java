package io.callrobot.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallbackQueueTest {

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final List<RuntimeException> thrown = new CopyOnWriteArrayList<>();
    private final CallbackQueue queue = new CallbackQueue(thrown::add);

    @Test
    void runsQueuedCallbacksInOrderOnTheDrainingThread() {
        queue.add(() -> ran.add("first on " + Thread.currentThread().getName()));
        queue.add(() -> ran.add("second"));
        queue.drain();
        queue.drain();

        assertThat(ran).containsExactly("first on " + Thread.currentThread().getName(), "second");
    }

    @Test
    void anotherThreadsCallbackWaitsForTheRunningOneAndRunsOnTheDrainingThread() throws Exception {
        CountDownLatch otherDrained = new CountDownLatch(1);
        queue.add(() -> {
            ran.add("first");
            Thread other = Thread.ofPlatform().name("other").start(() -> {
                queue.add(() -> ran.add("second on " + Thread.currentThread().getName()));
                queue.drain(); // a drain is under way: returns without running the callback
                ran.add("other drained");
                otherDrained.countDown();
            });
            await(otherDrained);
            join(other);
            ran.add("first returns");
        });
        Thread drainer = Thread.ofPlatform().name("drainer").start(queue::drain);
        join(drainer);

        assertThat(ran).containsExactly("first", "other drained", "first returns", "second on drainer");
    }

    @Test
    void aCallbackThatQueuesAndDrainsDoesNotNest() {
        queue.add(() -> {
            queue.add(() -> ran.add("queued from inside"));
            queue.drain();
            ran.add("outer returns");
        });
        queue.drain();

        assertThat(ran).containsExactly("outer returns", "queued from inside");
    }

    @Test
    void clearDropsWhatIsQueuedButNotTheRunningCallback() {
        queue.add(() -> {
            queue.clear();
            ran.add("running");
        });
        queue.add(() -> ran.add("dropped"));
        queue.drain();

        assertThat(ran).containsExactly("running");
    }

    @Test
    void aThrowingCallbackIsReportedAndTheDrainGoesOn() {
        IllegalStateException boom = new IllegalStateException("boom");
        queue.add(() -> {
            throw boom;
        });
        queue.add(() -> ran.add("after"));
        queue.drain();

        assertThat(thrown).containsExactly(boom);
        assertThat(ran).containsExactly("after");
    }

    @Test
    void anErrorLeavesTheRestToTheNextDrain() {
        queue.add(() -> {
            throw new AssertionError("fatal");
        });
        queue.add(() -> ran.add("after"));

        assertThatThrownBy(queue::drain).isInstanceOf(AssertionError.class);
        assertThat(ran).isEmpty();
        queue.drain();
        assertThat(ran).containsExactly("after");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void join(Thread thread) {
        try {
            assertThat(thread.join(Duration.ofSeconds(10))).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
