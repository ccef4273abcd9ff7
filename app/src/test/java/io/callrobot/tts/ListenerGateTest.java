package io.callrobot.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class ListenerGateTest {

    private final ReentrantLock lock = new ReentrantLock();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ListenerGate gate = new ListenerGate("call-1", lock, () -> {
        events.add("end, locked " + lock.isHeldByCurrentThread());
        return () -> events.add("after end, locked " + lock.isHeldByCurrentThread());
    });

    @Test
    void callbacksRunOutsideTheLockUntilTheStreamEndsThenNever() {
        assertThat(gate.call(() -> events.add("audio, locked " + lock.isHeldByCurrentThread()))).isTrue();

        gate.terminate(() -> events.add("complete, locked " + lock.isHeldByCurrentThread()));

        assertThat(gate.call(() -> events.add("late audio"))).isFalse();
        assertThat(events).containsExactly("audio, locked false", "end, locked true", "complete, locked false",
                "after end, locked false");
        lock.lock();
        try {
            assertThat(gate.ended()).isTrue();
        } finally {
            lock.unlock();
        }
    }

    @Test
    void atMostOneTerminalCallbackAndNoneAfterCancel() {
        gate.terminate(() -> { }); // cancel
        gate.terminate(() -> events.add("complete"));
        gate.fail(new TtsListener() {
            @Override
            public void onFailure(Throwable error) {
                events.add("failure");
            }
        }, new IllegalStateException("late"));

        assertThat(events).containsExactly("end, locked true", "after end, locked false");
    }

    @Test
    void failureReachesTheListenerOnce() {
        IllegalStateException boom = new IllegalStateException("boom");
        TtsListener listener = new TtsListener() {
            @Override
            public void onFailure(Throwable error) {
                events.add("failure " + (error == boom));
            }
        };
        gate.fail(listener, boom);
        gate.fail(listener, boom);

        assertThat(events).containsExactly("end, locked true", "failure true", "after end, locked false");
    }

    @Test
    void aThrowingListenerEndsTheStreamAndAThrowingTerminalCallbackStillEndsIt() {
        assertThat(gate.call(() -> {
            throw new IllegalStateException("listener bug");
        })).isFalse();
        assertThat(gate.call(() -> events.add("audio"))).isFalse();
        assertThat(events).hasSize(2).startsWith("end, locked true"); // ended once, from inside call()

        ListenerGate other = new ListenerGate("call-2", lock, () -> () -> events.add("other ended"));
        other.terminate(() -> {
            throw new IllegalStateException("terminal bug");
        });
        assertThat(other.call(() -> events.add("audio"))).isFalse();
        assertThat(events).endsWith("other ended");
    }

    @Test
    void endingFromAnotherThreadInterruptsTheDelivererButNotItself() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread deliverer = Thread.ofVirtual().start(() -> {
            try {
                interrupted.complete(!never.await(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
        });
        gate.deliverer(deliverer);

        gate.terminate(() -> { });

        assertThat(interrupted.get(30, TimeUnit.SECONDS)).isTrue();
        deliverer.join();

        ListenerGate own = new ListenerGate("call-3", lock, () -> () -> { });
        own.deliverer(Thread.currentThread());
        own.terminate(() -> { });
        assertThat(Thread.interrupted()).isFalse();
    }
}
