package io.callrobot.net.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WsClientTest {

    /** RFC 6455 §5.2 opcodes. */
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private final WsClient client = new WsClient("test-ws", 1, Duration.ofSeconds(5), Duration.ofMillis(300), 8 * 1024);
    private final Events events = new Events();

    @AfterEach
    void stop() {
        client.close();
    }

    private WsConnection connect(String url) {
        return client.connect(URI.create(url), "binary", Duration.ofSeconds(5), events);
    }

    @Test
    void aRefusedHandshakeIsAFailureNamingTheStatus() throws Exception {
        for (int status : new int[] {401, 404}) {
            try (MockWebServer server = new MockWebServer()) {
                server.enqueue(new MockResponse().setResponseCode(status).setBody("no"));
                server.start();
                WsConnection connection = connect("ws://127.0.0.1:" + server.getPort() + "/asr");
                connection.sendText("sent before the handshake");

                Throwable failure = events.failure();
                assertThat(failure).isInstanceOf(WsHandshakeException.class).hasMessageContaining("HTTP " + status);
                assertThat(((WsHandshakeException) failure).status()).isEqualTo(status);
                assertThat(events.nothingMore()).isTrue();
            }
        }
    }

    @Test
    void framesSentBeforeTheHandshakeGoOutAfterItInOrderAndPingsAreAnswered() throws Exception {
        try (RawWsServer server = new RawWsServer()) {
            WsConnection connection = connect(server.url());
            assertThat(connection.sendText("start")).isTrue();
            assertThat(connection.sendBinary(new byte[] {9, 1, 2, 3, 9}, 1, 3)).isTrue();
            server.accept();

            RawWsServer.Frame start = server.read();
            assertThat(start.opcode()).isEqualTo(TEXT);
            assertThat(new String(start.payload(), StandardCharsets.UTF_8)).isEqualTo("start");
            RawWsServer.Frame audio = server.read();
            assertThat(audio.opcode()).isEqualTo(BINARY);
            assertThat(audio.payload()).containsExactly(1, 2, 3);

            server.write(PING, new byte[] {7, 7});
            RawWsServer.Frame pong = server.read();
            assertThat(pong.opcode()).isEqualTo(PONG);
            assertThat(pong.payload()).containsExactly(7, 7);

            server.write(TEXT, "{\"text\":\"你好\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(events.next()).isEqualTo("text:{\"text\":\"你好\"}");
        }
    }

    @Test
    void aCloseThePeerNeverAnswersDropsTheConnectionAfterTheTimeOut() throws Exception {
        try (RawWsServer server = new RawWsServer()) {
            WsConnection connection = connect(server.url());
            server.accept();
            connection.close(1000, "done");

            RawWsServer.Frame close = server.read();
            assertThat(close.opcode()).isEqualTo(CLOSE);
            assertThat(ByteBuffer.wrap(close.payload()).getShort()).isEqualTo((short) 1000);
            // the server never answers: the client drops the TCP connection after its close time-out
            assertThat(server.clientClosed()).isTrue();
            assertThat(events.failure()).hasMessageContaining("did not answer the close");
            assertThat(events.nothingMore()).isTrue();
        }
    }

    @Test
    void sendsAfterCloseOrCancelAreDroppedWithoutExceptions() throws Exception {
        try (RawWsServer server = new RawWsServer()) {
            WsConnection connection = connect(server.url());
            server.accept();
            connection.close(1000, "done");
            assertThat(connection.sendText("late")).isFalse();
            assertThat(connection.sendBinary(new byte[8], 0, 8)).isFalse();
            connection.close(1000, "again");
            assertThat(server.read().opcode()).isEqualTo(CLOSE);

            connection.cancel();
            connection.cancel();
            assertThat(connection.sendBinary(new byte[8], 0, 8)).isFalse();
            assertThat(server.clientClosed()).as("nothing after the close frame").isTrue();
            assertThat(connection.droppedFrames()).isZero();
        }
    }

    @Test
    void aServerClosingFirstIsAnsweredWithItsCodeAndReported() throws Exception {
        try (RawWsServer server = new RawWsServer()) {
            connect(server.url());
            server.accept();
            ByteBuffer payload = ByteBuffer.allocate(2 + 4).putShort((short) 1011).put("busy".getBytes(StandardCharsets.UTF_8));
            server.write(CLOSE, payload.array());

            assertThat(events.next()).isEqualTo("closed:1011 busy");
            RawWsServer.Frame answer = server.read();
            assertThat(answer.opcode()).isEqualTo(CLOSE);
            assertThat(ByteBuffer.wrap(answer.payload()).getShort()).isEqualTo((short) 1011);
            assertThat(server.clientClosed()).isTrue();
            assertThat(events.nothingMore()).isTrue();
        }
    }

    @Test
    void aConnectionLostWithoutACloseFrameIsAFailure() throws Exception {
        RawWsServer server = new RawWsServer();
        connect(server.url());
        server.accept();
        server.close();
        assertThat(events.failure()).hasMessageContaining("without a websocket close frame");
        assertThat(events.nothingMore()).isTrue();
    }

    @Test
    void aBackedUpConnectionDropsBinarySendsAndCountsThem() throws Exception {
        try (RawWsServer server = new RawWsServer()) {
            WsConnection connection = connect(server.url());
            server.accept(); // and then never reads: the socket's buffers fill, then the client's bound
            byte[] chunk = new byte[4096];
            int sent = 0;
            while (connection.sendBinary(chunk, 0, chunk.length) && sent < 100_000) {
                sent++;
            }
            assertThat(sent).isLessThan(100_000);
            assertThat(connection.droppedFrames()).isEqualTo(1);
            assertThat(connection.sendText("text is still queued")).isTrue();
        }
    }

    @Test
    void aHandshakeNeverAnsweredFailsAfterTheHandshakeTimeOut() throws Exception {
        try (WsClient impatient = new WsClient("test-ws-handshake", 1, Duration.ofMillis(300), Duration.ofSeconds(5), 8 * 1024);
             RawWsServer silent = new RawWsServer()) { // the kernel accepts the connection; nobody answers
            impatient.connect(URI.create(silent.url()), null, Duration.ofSeconds(5), events);
            assertThat(events.failure()).hasMessageContaining("no websocket handshake response within 300 ms");
            assertThat(events.nothingMore()).isTrue();
        }
    }

    @Test
    void anUnreachableServerIsAFailure() throws Exception {
        int port;
        try (RawWsServer closed = new RawWsServer()) {
            port = URI.create(closed.url()).getPort();
        }
        connect("ws://127.0.0.1:" + port + "/");
        assertThat(events.failure()).hasMessageContaining("127.0.0.1");
    }

    /** Records what the connection reports. */
    private static final class Events implements WsListener {
        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

        @Override
        public void onText(WsConnection connection, String text) {
            events.add("text:" + text);
        }

        @Override
        public void onClosed(WsConnection connection, int code, String reason) {
            events.add("closed:" + code + " " + reason);
        }

        @Override
        public void onFailure(WsConnection connection, Throwable cause) {
            events.add(cause);
        }

        Object next() throws InterruptedException {
            Object event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no websocket event within 10 s");
            }
            return event;
        }

        Throwable failure() throws InterruptedException {
            Object event = next();
            assertThat(event).isInstanceOf(Throwable.class);
            return (Throwable) event;
        }

        boolean nothingMore() throws InterruptedException {
            return events.poll(500, TimeUnit.MILLISECONDS) == null;
        }
    }
}
