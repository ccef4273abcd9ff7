package io.callrobot.nls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.ByteString;

/**
 * A local NLS gateway on loopback: accepts a fixed number of websocket upgrades, records the
 * commands and audio each connection receives, and sends the events a test tells it to, in the
 * envelope the NLS websocket protocol documents.
 */
public final class FakeNlsServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final BlockingQueue<Peer> opened = new LinkedBlockingQueue<>();

    /** Accepts {@code connections} websocket upgrades. */
    public FakeNlsServer(int connections) throws IOException {
        for (int i = 0; i < connections; i++) {
            server.enqueue(new MockResponse().withWebSocketUpgrade(new Peer()));
        }
        server.start();
    }

    public String url() {
        return "ws://" + server.getHostName() + ":" + server.getPort() + "/ws/v1";
    }

    /** Gateway settings pointing here, with Appkey "app-1" and token "token-1". */
    public NlsConfig config() {
        return tokenConfig(url(), "token-1", java.time.Duration.ofSeconds(5));
    }

    /** Gateway settings for {@code url} with Appkey "app-1" and a given {@code token}. */
    public static NlsConfig tokenConfig(String url, String token, java.time.Duration connectTimeout) {
        NlsConfig defaults = NlsConfig.defaults();
        return new NlsConfig(url, "app-1", token, null, null, defaults.tokenUrl(), defaults.regionId(), connectTimeout);
    }

    /** The next handshake request the server received. */
    public RecordedRequest handshake() throws InterruptedException {
        RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no handshake within 10 s");
        }
        return request;
    }

    /** The next connection whose handshake completed. */
    public Peer nextConnection() throws InterruptedException {
        Peer peer = opened.poll(10, TimeUnit.SECONDS);
        if (peer == null) {
            throw new AssertionError("no websocket connection within 10 s");
        }
        return peer;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }

    /** The server side of one websocket. */
    public final class Peer extends WebSocketListener {
        private final BlockingQueue<JsonNode> commands = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> ended = new CompletableFuture<>();
        private volatile WebSocket socket;
        private volatile boolean startedSent;
        private volatile int binaryBeforeStarted;

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            socket = webSocket;
            opened.add(this);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            try {
                commands.add(JSON.readTree(text));
            } catch (IOException e) {
                commands.add(JSON.createObjectNode().put("unreadable", text));
            }
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            if (!startedSent) {
                binaryBeforeStarted++;
            }
            synchronized (audio) {
                audio.writeBytes(bytes.toByteArray());
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(code, null);
            ended.complete(code);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            ended.complete(-1);
        }

        /** The next command received, waiting up to 10 s. */
        public JsonNode nextCommand() throws InterruptedException {
            JsonNode command = commands.poll(10, TimeUnit.SECONDS);
            if (command == null) {
                throw new AssertionError("no command within 10 s");
            }
            return command;
        }

        /** A command arriving within a short while, or null: used to check that nothing more comes. */
        public JsonNode nextCommandQuickly() throws InterruptedException {
            return commands.poll(300, TimeUnit.MILLISECONDS);
        }

        public byte[] audio() {
            synchronized (audio) {
                return audio.toByteArray();
            }
        }

        /** Binary frames that arrived before this side sent its task-started event. */
        public int binaryBeforeStarted() {
            return binaryBeforeStarted;
        }

        /** Sends a successful event {@code name} of {@code namespace} for {@code taskId}. */
        public void event(String namespace, String name, String taskId, ObjectNode payload) {
            if (name.endsWith("Started")) {
                startedSent = true;
            }
            send(namespace, name, NlsProtocol.SUCCESS, "Gateway:SUCCESS:Success.", taskId, payload);
        }

        /** Sends TaskFailed as the gateway does (namespace "Default"). */
        public void taskFailed(String taskId, int status, String statusText) {
            send("Default", "TaskFailed", status, statusText, taskId, null);
        }

        private void send(String namespace, String name, int status, String statusText, String taskId,
                          ObjectNode payload) {
            ObjectNode message = JSON.createObjectNode();
            ObjectNode header = message.putObject("header");
            header.put("namespace", namespace).put("name", name).put("status", status)
                    .put("message_id", NlsProtocol.newId()).put("task_id", taskId).put("status_text", statusText);
            if (payload != null) {
                message.set("payload", payload);
            }
            socket.send(message.toString());
        }

        public void sendAudio(byte[] pcm) {
            socket.send(ByteString.of(pcm));
        }

        public void close(int code, String reason) {
            socket.close(code, reason);
        }

        /** The close code the client ended with, or -1 if the connection broke. */
        public int awaitEnd() throws Exception {
            return ended.get(10, TimeUnit.SECONDS);
        }
    }

    /** An object payload to fill. */
    public static ObjectNode payload() {
        return JSON.createObjectNode();
    }
}
