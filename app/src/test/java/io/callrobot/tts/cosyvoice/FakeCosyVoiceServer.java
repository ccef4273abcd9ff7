package io.callrobot.tts.cosyvoice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.ByteString;

/**
 * A local CosyVoice speaking DashScope's duplex websocket protocol: answers run-task with
 * task-started, splits the joined continue-task text into sentences at 。！？ and speaks each
 * complete one as sentence-begin, (sentence-synthesis + binary PCM frame) x frames, sentence-end;
 * finish-task speaks the rest and sends task-finished. {@link #fault} can replace a sentence. Like the
 * service, it fails a task whose continue-task messages are more than {@link #continueGapLimit} apart
 * (DashScope "CosyVoice client events": the interval must not exceed 23 seconds) and closes the websocket.
 */
final class FakeCosyVoiceServer implements AutoCloseable {

    /** What to do instead of speaking sentence number {@code sentence} (0-based, per task); false = speak it. */
    interface Fault {
        boolean apply(WebSocket socket, String taskId, int sentence) throws Exception;
    }

    static final int SAMPLES_PER_FRAME = 160;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final MockWebServer server = new MockWebServer();
    /** Authorization header per handshake, in order. */
    final List<String> handshakes = new CopyOnWriteArrayList<>();
    /** Every client command as parsed JSON with the connection number it came on (0-based). */
    final List<Map.Entry<Integer, JsonNode>> commands = new CopyOnWriteArrayList<>();
    final AtomicInteger closedConnections = new AtomicInteger();
    final int framesPerSentence;
    volatile Fault fault = (socket, task, sentence) -> false;
    /** 23 s at the service; tests shorten it. */
    volatile Duration continueGapLimit = Duration.ofSeconds(23);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final Map<Integer, CountDownLatch> handshakeLatches = new ConcurrentHashMap<>();
    private final CountDownLatch anyClosed = new CountDownLatch(1);

    FakeCosyVoiceServer(int framesPerSentence) throws IOException {
        this.framesPerSentence = framesPerSentence;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int number = handshakes.size();
                handshakes.add(String.valueOf(request.getHeader("Authorization")));
                latch(number + 1).countDown();
                return new MockResponse().withWebSocketUpgrade(new Connection(number));
            }
        });
        server.start();
    }

    String url() {
        return server.url("/api-ws/v1/inference/").toString().replaceFirst("^http", "ws");
    }

    /** Waits until {@code count} handshakes have been seen. */
    boolean awaitHandshakes(int count) throws InterruptedException {
        return latch(count).await(20, TimeUnit.SECONDS);
    }

    boolean awaitAnyClosed() throws InterruptedException {
        return anyClosed.await(20, TimeUnit.SECONDS);
    }

    List<JsonNode> commands(String action) {
        return commands.stream().map(Map.Entry::getValue)
                .filter(c -> action.equals(c.path("header").path("action").asText())).toList();
    }

    /** The samples the fake speaks for frame {@code frame} of sentence {@code sentence}. */
    static short[] samples(int sentence, int frame) {
        short[] pcm = new short[SAMPLES_PER_FRAME];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (sentence * 1000 + frame * 100 + i);
        }
        return pcm;
    }

    private CountDownLatch latch(int count) {
        return handshakeLatches.computeIfAbsent(count, c -> new CountDownLatch(1));
    }

    @Override
    public void close() throws IOException {
        timers.shutdownNow();
        server.shutdown();
    }

    /** Server side of one websocket; tasks on it run one after another. */
    private final class Connection extends WebSocketListener {
        private final int number;
        private final StringBuilder pending = new StringBuilder();
        private String taskId;
        private int sentence;
        /** Bumped by every command of a running task; a gap check that sees it unchanged fails the task. */
        private int activity;
        private boolean taskOpen;

        Connection(int number) {
            this.number = number;
        }

        @Override
        public void onMessage(WebSocket socket, String text) {
            try {
                JsonNode command = MAPPER.readTree(text);
                commands.add(Map.entry(number, command));
                String action = command.path("header").path("action").asText();
                synchronized (this) {
                    activity++;
                    taskOpen = action.equals("run-task") || action.equals("continue-task");
                    if (taskOpen) {
                        int seen = activity;
                        timers.schedule(() -> gapCheck(socket, seen), continueGapLimit.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                switch (action) {
                    case "run-task" -> {
                        taskId = command.path("header").path("task_id").asText();
                        sentence = 0;
                        pending.setLength(0);
                        socket.send(event("task-started", null));
                    }
                    case "continue-task" -> {
                        pending.append(command.path("payload").path("input").path("text").asText());
                        speakComplete(socket);
                    }
                    case "finish-task" -> {
                        speakComplete(socket);
                        if (!pending.isEmpty() && !speak(socket, pending.toString())) {
                            return;
                        }
                        pending.setLength(0);
                        socket.send(event("task-finished", null));
                    }
                    default -> throw new IllegalArgumentException("unknown action " + action);
                }
            } catch (Exception e) {
                socket.close(1011, e.toString());
            }
        }

        /** No command since {@code seen}: the task times out as the service's does (message text assumed). */
        private synchronized void gapCheck(WebSocket socket, int seen) {
            if (taskOpen && activity == seen) {
                taskOpen = false;
                socket.send(taskFailed(taskId, "ClientError",
                        "request timeout after " + continueGapLimit.toSeconds() + " seconds."));
                socket.close(1000, "task timed out");
            }
        }

        private void speakComplete(WebSocket socket) throws Exception {
            for (int end = sentenceEnd(); end > 0; end = sentenceEnd()) {
                String text = pending.substring(0, end);
                pending.delete(0, end);
                if (!speak(socket, text)) {
                    return;
                }
            }
        }

        private int sentenceEnd() {
            for (int i = 0; i < pending.length(); i++) {
                if ("。！？".indexOf(pending.charAt(i)) >= 0) {
                    return i + 1;
                }
            }
            return -1;
        }

        /** Speaks one sentence unless the fault takes over; false if it did. */
        private boolean speak(WebSocket socket, String text) throws Exception {
            int index = sentence++;
            if (fault.apply(socket, taskId, index)) {
                return false;
            }
            socket.send(event("result-generated", output("sentence-begin", index, text.strip())));
            for (int frame = 0; frame < framesPerSentence; frame++) {
                socket.send(event("result-generated", output("sentence-synthesis", index, null)));
                short[] pcm = samples(index, frame);
                byte[] bytes = new byte[pcm.length * 2];
                for (int i = 0; i < pcm.length; i++) {
                    bytes[2 * i] = (byte) pcm[i];
                    bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
                }
                socket.send(ByteString.of(bytes));
            }
            socket.send(event("result-generated", output("sentence-end", index, text.strip())));
            return true;
        }

        private String output(String type, int index, String text) {
            String original = text == null ? "" : ", \"original_text\": " + quote(text);
            return "{\"output\": {\"sentence\": {\"index\": " + index + ", \"words\": []}, \"type\": \"" + type + "\""
                    + original + "}}";
        }

        private String event(String name, String payload) {
            return "{\"header\": {\"task_id\": \"" + taskId + "\", \"event\": \"" + name + "\", \"attributes\": {}},"
                    + " \"payload\": " + (payload == null ? "{}" : payload) + "}";
        }

        @Override
        public void onClosing(WebSocket socket, int code, String reason) {
            socket.close(1000, null);
            closed();
        }

        @Override
        public void onFailure(WebSocket socket, Throwable t, Response response) {
            closed();
        }

        private void closed() {
            closedConnections.incrementAndGet();
            anyClosed.countDown();
        }
    }

    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A task-failed event as DashScope sends it (header.error_code, header.error_message). */
    static String taskFailed(String taskId, String code, String message) {
        return "{\"header\": {\"task_id\": \"" + taskId + "\", \"event\": \"task-failed\", \"error_code\": \"" + code
                + "\", \"error_message\": " + quote(message) + ", \"attributes\": {}}, \"payload\": {}}";
    }
}
