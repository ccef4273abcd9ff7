package io.callrobot.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import okhttp3.Request;
import okhttp3.WebSocket;
import okio.ByteString;
import org.junit.jupiter.api.Test;

class QueuedWebSocketTest {

    /** Records what okhttp would be handed; its first send waits until released, like a contended lock. */
    private static final class SlowSocket implements WebSocket {
        final List<String> handed = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean accept = true;

        @Override
        public Request request() {
            return new Request.Builder().url("http://127.0.0.1/").build();
        }

        @Override
        public long queueSize() {
            return 0;
        }

        @Override
        public boolean send(String text) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handed.add(text);
            return accept;
        }

        @Override
        public boolean send(ByteString bytes) {
            return send("bytes:" + bytes.size());
        }

        @Override
        public boolean close(int code, String reason) {
            handed.add("close:" + code);
            return true;
        }

        @Override
        public void cancel() {
            handed.add("cancel");
        }
    }

    private final SlowSocket slow = new SlowSocket();
    private final QueuedWebSocket socket = QueuedWebSocket.of(slow, "test-socket");

    @Test
    void sendsReturnWhileOkhttpIsBusyAndArriveInOrder() {
        assertThat(socket.send("start")).isTrue();
        assertThat(socket.send(ByteString.of(new byte[320]))).isTrue();
        assertThat(socket.close(1000, "done")).isTrue();
        assertThat(socket.queueSize()).isEqualTo(5 + 320);
        assertThat(socket.send("too late")).isFalse();
        assertThat(slow.handed).isEmpty();

        slow.release.countDown();

        await(() -> slow.handed.size() == 3);
        assertThat(slow.handed).containsExactly("start", "bytes:320", "close:1000");
        assertThat(socket.queueSize()).isZero();
    }

    @Test
    void cancelIsImmediateAndDropsWhatIsQueued() throws InterruptedException {
        socket.send("a");
        assertThat(slow.entered.await(30, TimeUnit.SECONDS)).isTrue(); // "a" is in okhttp's hands
        socket.send("b");

        socket.cancel();
        assertThat(slow.handed).containsExactly("cancel");
        slow.release.countDown();

        await(() -> socket.queueSize() == 0);
        assertThat(slow.handed).containsExactly("cancel", "a");
        assertThat(socket.send("c")).isFalse();
    }

    @Test
    void aSendOkhttpRefusedRefusesTheNextOnes() {
        slow.accept = false;
        slow.release.countDown();
        socket.send("refused");
        await(() -> slow.handed.size() == 1);
        await(() -> !socket.send("next"));
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }
}
