package io.callrobot.esl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server against a raw TCP client that speaks FreeSWITCH's side of the outbound socket. */
class EslOutboundServerTest {

    private static final String CHANNEL_DATA = "Event-Name: CHANNEL_DATA\nUnique-ID: call-1\n"
            + "Channel-Read-Codec-Rate: 8000\nvariable_customer_name: %E5%BC%A0%E4%B8%89\n"
            + "Content-Type: command/reply\nReply-Text: %2BOK%0A\nSocket-Mode: async\nControl: full\n\n";

    private final BlockingQueue<EslConnection> calls = new LinkedBlockingQueue<>();
    private final RecordingListener listener = new RecordingListener();
    private EslOutboundServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(EslConfig config) {
        server = new EslOutboundServer(config.withPort(0), connection -> {
            calls.add(connection);
            return listener;
        });
        return server.start();
    }

    private int start() {
        return start(EslConfig.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    /** Connects, answers connect with channel data and returns the accepted connection. */
    private EslConnection answerCall(RawFreeSwitch fs) throws Exception {
        assertThat(fs.readCommand()).isEqualTo("connect");
        fs.send(CHANNEL_DATA);
        EslConnection call = calls.poll(10, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        return call;
    }

    @Test
    void connectDeliversDecodedChannelData() throws Exception {
        int port = start();
        try (RawFreeSwitch fs = new RawFreeSwitch(port)) {
            EslConnection call = answerCall(fs);
            assertThat(call.channelData().uniqueId()).isEqualTo("call-1");
            assertThat(call.channelData().variable("customer_name")).isEqualTo("张三");
            assertThat(call.channelData().header("Socket-Mode")).isEqualTo("async");
            assertThat(call.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void repliesAreMatchedToCommandsInOrder() throws Exception {
        int port = start();
        try (RawFreeSwitch fs = new RawFreeSwitch(port)) {
            EslConnection call = answerCall(fs);
            CompletableFuture<EslReply> events = call.command("myevents json");
            CompletableFuture<EslReply> api = call.api("uuid_exists call-1");
            CompletableFuture<EslReply> answer = call.execute("answer", null);
            CompletableFuture<EslReply> unicast = call.sendmsg(Map.of("call-command", "unicast", "local-port", "9000"));
            CompletableFuture<EslReply> hangup = call.hangup("NORMAL_CLEARING");
            assertThat(fs.readCommand()).isEqualTo("myevents json");
            assertThat(fs.readCommand()).isEqualTo("api uuid_exists call-1");
            assertThat(fs.readCommand()).isEqualTo("sendmsg\ncall-command: execute\nexecute-app-name: answer");
            assertThat(fs.readCommand()).startsWith("sendmsg\n").contains("call-command: unicast", "local-port: 9000");
            assertThat(fs.readCommand()).startsWith("sendmsg\n").contains("call-command: hangup", "hangup-cause: NORMAL_CLEARING");
            fs.send("Content-Type: command/reply\nReply-Text: +OK Events Enabled\n\n"
                    + "Content-Type: api/response\nContent-Length: 4\n\ntrue"
                    + "Content-Type: command/reply\nReply-Text: +OK\n\n"
                    + "Content-Type: command/reply\nReply-Text: -ERR no\n\n"
                    + "Content-Type: command/reply\nReply-Text: +OK\n\n");
            assertThat(events.get(10, TimeUnit.SECONDS).text()).isEqualTo("+OK Events Enabled");
            assertThat(api.get(10, TimeUnit.SECONDS).text()).isEqualTo("true");
            assertThat(answer.get(10, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(unicast.get(10, TimeUnit.SECONDS).ok()).isFalse();
            assertThat(hangup.get(10, TimeUnit.SECONDS).ok()).isTrue();
        }
    }

    @Test
    void timedOutCommandStillConsumesItsLateReply() throws Exception {
        int port = start(EslConfig.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(10)));
        try (RawFreeSwitch fs = new RawFreeSwitch(port)) {
            EslConnection call = answerCall(fs);
            CompletableFuture<EslReply> slow = call.api("slow");
            assertThat(fs.readCommand()).isEqualTo("api slow");
            assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
            CompletableFuture<EslReply> next = call.command("linger 10");
            assertThat(fs.readCommand()).isEqualTo("linger 10");
            fs.send("Content-Type: api/response\nContent-Length: 8\n\nlate one"
                    + "Content-Type: command/reply\nReply-Text: +OK will linger 10 seconds\n\n");
            assertThat(next.get(10, TimeUnit.SECONDS).text()).isEqualTo("+OK will linger 10 seconds");
        }
    }

    @Test
    void eventsReachTheListenerAndLingerNoticeKeepsTheConnection() throws Exception {
        int port = start();
        try (RawFreeSwitch fs = new RawFreeSwitch(port)) {
            answerCall(fs);
            String plain = "Event-Name: DTMF\nUnique-ID: call-1\nDTMF-Digit: 5\n\n";
            String json = "{\"Event-Name\":\"CHANNEL_HANGUP_COMPLETE\",\"Hangup-Cause\":\"NORMAL_CLEARING\"}";
            fs.send("Content-Length: " + plain.length() + "\nContent-Type: text/event-plain\n\n" + plain
                    + "Content-Type: text/disconnect-notice\nContent-Disposition: linger\nLinger-Time: 10\nContent-Length: 0\n\n"
                    + "Content-Length: 11\nContent-Type: text/event-xml\n\n<event/>\n\n\n"
                    + "Content-Length: " + json.length() + "\nContent-Type: text/event-json\n\n" + json);
            EslEvent dtmf = listener.events.poll(10, TimeUnit.SECONDS);
            EslEvent hangup = listener.events.poll(10, TimeUnit.SECONDS);
            assertThat(dtmf.name()).isEqualTo("DTMF");
            assertThat(dtmf.header("DTMF-Digit")).isEqualTo("5");
            assertThat(hangup.name()).isEqualTo("CHANNEL_HANGUP_COMPLETE");
            assertThat(hangup.header("Hangup-Cause")).isEqualTo("NORMAL_CLEARING");
            assertThat(listener.disconnect).isNotDone();
        }
    }

    @Test
    void disconnectNoticeFailsPendingCommandsAndNotifiesOnce() throws Exception {
        int port = start();
        try (RawFreeSwitch fs = new RawFreeSwitch(port)) {
            EslConnection call = answerCall(fs);
            CompletableFuture<EslReply> pending = call.command("myevents");
            assertThat(fs.readCommand()).isEqualTo("myevents");
            fs.send("Content-Type: text/disconnect-notice\nContent-Disposition: disconnect\nContent-Length: 23\n\n"
                    + "Disconnected, goodbye.\n");
            assertThat(listener.disconnect.get(10, TimeUnit.SECONDS)).contains("Disconnected, goodbye.");
            assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
            assertThat(fs.awaitClosed()).isTrue();
            assertThatThrownBy(() -> call.command("myevents").get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
            call.close();
            assertThat(listener.disconnects.get()).isEqualTo(1);
        }
    }

    @Test
    void socketCloseIsADisconnect() throws Exception {
        int port = start();
        EslConnection call;
        try (RawFreeSwitch fs = new RawFreeSwitch(port)) {
            call = answerCall(fs);
        }
        assertThat(listener.disconnect.get(10, TimeUnit.SECONDS)).contains("closed");
        call.close();
        assertThat(listener.disconnects.get()).isEqualTo(1);
    }

    @Test
    void badFrameClosesOnlyThatConnection() throws Exception {
        int port = start();
        try (RawFreeSwitch bad = new RawFreeSwitch(port); RawFreeSwitch good = new RawFreeSwitch(port)) {
            EslConnection badCall = answerCall(bad);
            EslConnection goodCall = answerCall(good);
            assertThat(badCall).isNotSameAs(goodCall);
            bad.send("Content-Type: api/response\nContent-Length: 99999999999\n\n");
            assertThat(listener.disconnect.get(10, TimeUnit.SECONDS)).startsWith("protocol error");
            assertThat(bad.awaitClosed()).isTrue();
            CompletableFuture<EslReply> reply = goodCall.command("myevents");
            assertThat(good.readCommand()).isEqualTo("myevents");
            good.send("Content-Type: command/reply\nReply-Text: +OK Events Enabled\n\n");
            assertThat(reply.get(10, TimeUnit.SECONDS).ok()).isTrue();
        }
    }

    @Test
    void peersOutsideTheAllowListAreClosedWithoutConnect() throws Exception {
        int port = start(EslConfig.defaults().withAllowFrom(List.of("10.0.0.0/8", "192.0.2.7")));
        try (RawFreeSwitch fs = new RawFreeSwitch(port)) {
            assertThat(fs.awaitClosed()).isTrue();
            assertThat(fs.received()).isEmpty();
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void missingChannelDataTimesOut() throws Exception {
        int port = start(EslConfig.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(200)));
        try (RawFreeSwitch fs = new RawFreeSwitch(port)) {
            assertThat(fs.readCommand()).isEqualTo("connect");
            assertThat(fs.awaitClosed()).isTrue();
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void closeIsIdempotentAndEndsCalls() throws Exception {
        int port = start();
        try (RawFreeSwitch fs = new RawFreeSwitch(port)) {
            answerCall(fs);
            server.close();
            server.close();
            assertThat(fs.awaitClosed()).isTrue();
            assertThat(listener.disconnect.get(10, TimeUnit.SECONDS)).isNotBlank();
        }
    }

    @Test
    void invalidAllowListEntryIsRejected() {
        assertThatThrownBy(() -> new EslOutboundServer(EslConfig.defaults().withAllowFrom(List.of("not-an-ip/33")),
                c -> listener)).isInstanceOf(IllegalArgumentException.class);
    }

    private static final class RecordingListener implements EslEventListener {
        final BlockingQueue<EslEvent> events = new LinkedBlockingQueue<>();
        final CompletableFuture<String> disconnect = new CompletableFuture<>();
        final AtomicInteger disconnects = new AtomicInteger();

        @Override
        public void onEvent(EslEvent event) {
            events.add(event);
        }

        @Override
        public void onDisconnect(String reason) {
            disconnects.incrementAndGet();
            disconnect.complete(reason);
        }
    }

    /** FreeSWITCH's end of one outbound socket, reading with a 10 s deadline per read. */
    private static final class RawFreeSwitch implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        RawFreeSwitch(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
        }

        /** One command: the bytes up to an empty line, without it. */
        String readCommand() throws IOException {
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            int last = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed while reading a command");
                }
                received.write(b);
                if (b == '\n' && last == '\n') {
                    byte[] bytes = command.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                }
                command.write(b);
                last = b;
            }
        }

        void send(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }

        /** True once the server closed its end (end of stream) within the read deadline. */
        boolean awaitClosed() throws IOException {
            int b;
            while ((b = in.read()) >= 0) {
                received.write(b);
            }
            return true;
        }

        String received() {
            return received.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
