package io.callrobot.esl.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.callrobot.esl.EslEvent;
import io.callrobot.esl.InboundEslConfig;
import io.callrobot.time.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted peer that speaks FreeSWITCH's side of the inbound socket byte for
 * byte (mod_event_socket.c), with a manual clock deciding every time-out and reconnect.
 */
class InboundEslClientTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(400);

    private final ManualClock clock = new ManualClock();
    private final Listener listener = new Listener();
    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private ServerSocket server;
    private InboundEslClient client;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        for (Peer peer : peers) {
            peer.close();
        }
    }

    @Test
    void authenticatesSubscribesAndRunsApiCommands() throws Exception {
        start();
        Peer fs = handshake();
        assertThat(listener.connects.poll(5, TimeUnit.SECONDS)).isEqualTo("connected");

        CompletableFuture<String> exists = client.api("uuid_exists abc");
        assertThat(fs.readCommand()).isEqualTo("api uuid_exists abc");
        fs.send("Content-Type: api/response\nContent-Length: 5\n\nfalse");
        assertThat(exists.get(5, TimeUnit.SECONDS)).isEqualTo("false");

        CompletableFuture<String> unknown = client.api("nosuch");
        assertThat(fs.readCommand()).isEqualTo("api nosuch");
        String notFound = "-ERR nosuch Command not found!\n";
        fs.send("Content-Type: api/response\nContent-Length: " + notFound.length() + "\n\n" + notFound);
        assertThat(unknown.get(5, TimeUnit.SECONDS)).isEqualTo(notFound);
    }

    @Test
    void aBackgroundJobCompletesWithItsEventsBodyAfterTheEventsBeforeIt() throws Exception {
        start();
        Peer fs = handshake();
        CompletableFuture<String> job = client.bgapi("originate {origination_uuid=u1}loopback/1 &park", Duration.ofSeconds(60));
        job.whenComplete((r, e) -> listener.log.add("job"));
        String command = fs.readCommand();
        assertThat(command).startsWith("bgapi originate {origination_uuid=u1}loopback/1 &park\nJob-UUID: ");
        String jobUuid = command.substring(command.indexOf("Job-UUID: ") + 10);
        fs.send("Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + jobUuid + "\nJob-UUID: " + jobUuid + "\n\n");
        fs.sendEvent("Event-Name: CHANNEL_ANSWER\nUnique-ID: u1\n\n");
        fs.sendEvent("Event-Name: BACKGROUND_JOB\nJob-UUID: other-job\nContent-Length: 6\n\n+OK x\n");
        fs.sendEvent("Event-Name: BACKGROUND_JOB\nJob-UUID: " + jobUuid + "\nJob-Command: originate\nContent-Length: 7\n\n+OK u1\n");

        assertThat(job.get(5, TimeUnit.SECONDS)).isEqualTo("+OK u1\n");
        // another client's job is an ordinary event; events before the job's result come before it
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.log.size() == 3);
        assertThat(listener.log).containsExactly("CHANNEL_ANSWER u1", "BACKGROUND_JOB other-job", "job");
        assertThat(listener.onVirtualThreads).isTrue();
    }

    @Test
    void aRefusedBgapiFailsWithTheSwitchsReply() throws Exception {
        start();
        Peer fs = handshake();
        CompletableFuture<String> job = client.bgapi("originate x y", Duration.ofSeconds(60));
        fs.readCommand();
        fs.send("Content-Type: command/reply\nReply-Text: -ERR permission denied\n\n");

        assertThatThrownBy(() -> job.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(EslCommandException.class)
                .hasMessage("FreeSWITCH refused bgapi originate: -ERR permission denied");
    }

    @Test
    void aReplyThatTimesOutKeepsItsPlaceSoTheNextCommandGetsItsOwn() throws Exception {
        start();
        Peer fs = handshake();
        CompletableFuture<String> slow = client.api("status");
        fs.readCommand();
        clock.advance(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> slow.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class)
                .hasMessageContaining("no reply from FreeSWITCH within 5000 ms to: api status");

        CompletableFuture<String> next = client.api("uuid_exists u1");
        fs.readCommand();
        fs.send("Content-Type: api/response\nContent-Length: 4\n\nlate");
        fs.send("Content-Type: api/response\nContent-Length: 4\n\ntrue");
        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("true");
    }

    @Test
    void aJobWithoutResultTimesOut() throws Exception {
        start();
        Peer fs = handshake();
        CompletableFuture<String> job = client.bgapi("originate x y", Duration.ofSeconds(40));
        String command = fs.readCommand();
        String jobUuid = command.substring(command.indexOf("Job-UUID: ") + 10);
        fs.send("Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + jobUuid + "\n\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> clock.pending() == 1);

        clock.advance(40, TimeUnit.SECONDS);

        assertThatThrownBy(() -> job.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class)
                .hasMessageContaining("no BACKGROUND_JOB from FreeSWITCH within 40000 ms for bgapi originate");
    }

    @Test
    void commandsFailAtOnceWhileDisconnectedAndInFlightOnesFailWhenTheSocketIsLost() throws Exception {
        start();
        assertThatThrownBy(() -> client.api("status").get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(EslConnectionException.class).hasMessageContaining("not connected");
        Peer fs = handshake();
        CompletableFuture<String> api = client.api("status");
        CompletableFuture<String> job = client.bgapi("originate x y", Duration.ofSeconds(60));
        fs.readCommand();
        String command = fs.readCommand();
        String jobUuid = command.substring(command.indexOf("Job-UUID: ") + 10);
        fs.send("Content-Type: api/response\nContent-Length: 2\n\nUP");
        fs.send("Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + jobUuid + "\n\n");
        assertThat(api.get(5, TimeUnit.SECONDS)).isEqualTo("UP");

        fs.close();

        assertThatThrownBy(() -> job.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(EslConnectionException.class)
                .hasMessageContaining("lost").hasMessageContaining("before the result of bgapi originate")
                .hasMessageContaining("it may have run");
        assertThat(listener.disconnects.poll(5, TimeUnit.SECONDS)).contains("closed the connection");
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void reconnectsAfterBackOffThatDoublesUpToItsCapAndStartsOverOnceSubscribed() throws Exception {
        start();
        for (int attempt = 1; attempt <= 4; attempt++) {
            Peer refused = peers.poll(5, TimeUnit.SECONDS);
            assertThat(refused).isNotNull();
            refused.send("Content-Type: auth/request\n\n");
            assertThat(refused.readCommand()).isEqualTo("auth ClueCon");
            refused.send("Content-Type: command/reply\nReply-Text: -ERR invalid\n\n");
            awaitReconnectTimer();
            assertThat(client.lastError()).contains("refused the event socket password: -ERR invalid");
            Duration delay = List.of(MIN, MIN.multipliedBy(2), MAX, MAX).get(attempt - 1);
            clock.advance(delay.toMillis() - 1, TimeUnit.MILLISECONDS);
            assertThat(accepted.get()).as("no attempt before the back-off ends").isEqualTo(attempt);
            clock.advance(1, TimeUnit.MILLISECONDS);
        }
        Peer fs = handshake();
        assertThat(listener.connects.poll(5, TimeUnit.SECONDS)).isEqualTo("connected");
        fs.close();
        awaitReconnectTimer();
        clock.advance(MIN.toMillis(), TimeUnit.MILLISECONDS);
        handshake();
        assertThat(listener.connects.poll(5, TimeUnit.SECONDS)).isEqualTo("reconnected");
    }

    @Test
    void aMalformedFrameClosesTheSocketAndTheClientReconnects() throws Exception {
        start();
        Peer fs = handshake();
        fs.send("this line has no colon\n\n");
        awaitReconnectTimer();
        assertThat(client.lastError()).contains("FreeSWITCH sent a malformed frame");
        assertThat(listener.disconnects.poll(5, TimeUnit.SECONDS)).contains("malformed frame");
        clock.advance(MIN.toMillis(), TimeUnit.MILLISECONDS);
        handshake();
        assertThat(listener.connects.poll(5, TimeUnit.SECONDS)).isEqualTo("connected");
        assertThat(listener.connects.poll(5, TimeUnit.SECONDS)).isEqualTo("reconnected");
    }

    @Test
    void aRudeRejectionOrASilentPeerIsReportedClearly() throws Exception {
        start();
        Peer acl = peers.poll(5, TimeUnit.SECONDS);
        acl.send("Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n");
        awaitReconnectTimer();
        assertThat(client.lastError()).contains("apply-inbound-acl").contains("Access Denied, go away.");

        clock.advance(MIN.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(peers.poll(5, TimeUnit.SECONDS)).isNotNull(); // says nothing
        await().atMost(Duration.ofSeconds(5)).until(() -> clock.pending() == 1);
        clock.advance(5, TimeUnit.SECONDS);
        awaitReconnectTimer();
        assertThat(client.lastError()).contains("no auth/request greeting from FreeSWITCH within 5000 ms");
    }

    @Test
    void nothingIsSentThatIsNotOneLine() {
        start();
        assertThatThrownBy(() -> client.api("status\nexit")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.bgapi("originate a\r\nb", Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    private void start() {
        try {
            server = new ServerSocket(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    peers.add(new Peer(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
        InboundEslConfig config = InboundEslConfig.defaults().withAddress("127.0.0.1", server.getLocalPort())
                .withBackoff(MIN, MAX);
        client = new InboundEslClient(config, 64 * 1024, 1024 * 1024, List.of("BACKGROUND_JOB", "CHANNEL_ANSWER"), clock,
                listener);
        client.start();
    }

    /** FreeSWITCH's side of a successful handshake on the next connection. */
    private Peer handshake() throws Exception {
        Peer fs = peers.poll(5, TimeUnit.SECONDS);
        assertThat(fs).as("a connection").isNotNull();
        fs.send("Content-Type: auth/request\n\n");
        assertThat(fs.readCommand()).isEqualTo("auth ClueCon");
        fs.send("Content-Type: command/reply\nReply-Text: +OK accepted\n\n");
        assertThat(fs.readCommand()).isEqualTo("event plain BACKGROUND_JOB CHANNEL_ANSWER");
        fs.send("Content-Type: command/reply\nReply-Text: +OK event listener enabled plain\n\n");
        await().atMost(Duration.ofSeconds(5)).until(client::isConnected);
        return fs;
    }

    /** The client lost its socket and armed its reconnect timer (the only timer left). */
    private void awaitReconnectTimer() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected() && clock.pending() == 1
                && !client.lastError().isEmpty() && !client.lastError().equals("not connected yet"));
    }

    /** FreeSWITCH's end of one connection. */
    private static final class Peer {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** An event as listener_run sends it: Content-Length and Content-Type text/event-plain, then the serialized event. */
        void sendEvent(String serialized) throws IOException {
            byte[] body = serialized.getBytes(StandardCharsets.UTF_8);
            send("Content-Length: " + body.length + "\nContent-Type: text/event-plain\n\n" + serialized);
        }

        /** One command: its lines up to the empty line that ends it. */
        String readCommand() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int previous = -1;
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n' && previous == '\n') {
                    break;
                }
                bytes.write(b);
                previous = b;
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }

        void close() throws IOException {
            socket.close();
        }
    }

    private static final class Listener implements InboundEslListener {
        final BlockingQueue<String> connects = new LinkedBlockingQueue<>();
        final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile boolean onVirtualThreads = true;

        @Override
        public void onConnected(boolean reconnected) {
            connects.add(reconnected ? "reconnected" : "connected");
        }

        @Override
        public void onEvent(EslEvent event) {
            onVirtualThreads &= Thread.currentThread().isVirtual();
            log.add(event.name() + " " + (event.uniqueId() != null ? event.uniqueId() : event.header("Job-UUID")));
        }

        @Override
        public void onDisconnected(String reason) {
            disconnects.add(reason);
        }
    }
}
