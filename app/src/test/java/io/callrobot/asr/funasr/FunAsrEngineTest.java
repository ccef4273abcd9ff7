package io.callrobot.asr.funasr;

import static io.callrobot.concurrent.OtherThread.returnsOnAnotherThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.asr.RecordingAsrListener;
import io.callrobot.net.ws.RawWsServer;
import io.callrobot.net.ws.WsClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FunAsrEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final FakeServerSide fake = new FakeServerSide();
    private final RecordingAsrListener listener = new RecordingAsrListener();
    private final WsClient client = WsClient.forAudio("test-ws", 1);

    @BeforeEach
    void startServer() throws Exception {
        server.enqueue(new MockResponse().withWebSocketUpgrade(fake));
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        client.close();
        server.shutdown();
    }

    private FunAsrEngine engine(String mode) {
        return engine(mode, 16000);
    }

    private FunAsrEngine engine(String mode, int serverRate) {
        String url = "ws://" + server.getHostName() + ":" + server.getPort();
        return new FunAsrEngine(new FunAsrConfig(url, mode, List.of(5, 10, 5), 10, true, serverRate,
                Duration.ofSeconds(5)), client);
    }

    @Test
    void sendsTheStartMessageThenBatchedAudioThenTheEndFlag() throws Exception {
        AsrStream stream = engine("2pass", 8000).open(
                new AsrRequest("call-7", 8000, "zh-CN", List.of("账单", "还款")), listener);
        short[] frame = new short[160];
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int n = 0; n < 50; n++) {
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (short) (n * 1000 - i * 7);
                expected.write(frame[i] & 0xff);
                expected.write(frame[i] >> 8 & 0xff);
            }
            stream.send(frame, 0, frame.length);
        }
        stream.finish();

        JsonNode start = JSON.readTree(fake.nextText());
        assertThat(start.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder(
                "mode", "wav_name", "wav_format", "is_speaking", "chunk_size", "chunk_interval", "audio_fs",
                "hotwords", "itn");
        assertThat(start.get("mode").asText()).isEqualTo("2pass");
        assertThat(start.get("wav_name").asText()).isEqualTo("call-7");
        assertThat(start.get("wav_format").asText()).isEqualTo("pcm");
        assertThat(start.get("is_speaking").isBoolean()).isTrue();
        assertThat(start.get("is_speaking").asBoolean()).isTrue();
        assertThat(start.get("chunk_size").toString()).isEqualTo("[5,10,5]");
        assertThat(start.get("chunk_interval").asInt()).isEqualTo(10);
        assertThat(start.get("audio_fs").asInt()).isEqualTo(8000);
        assertThat(start.get("itn").asBoolean()).isTrue();
        assertThat(start.get("hotwords").isTextual()).as("hotwords is a JSON string").isTrue();
        assertThat(JSON.readTree(start.get("hotwords").asText()).toString()).isEqualTo("{\"账单\":20,\"还款\":20}");

        JsonNode end = JSON.readTree(fake.nextText());
        assertThat(end.toString()).isEqualTo("{\"is_speaking\":false,\"is_end\":true}");
        // 1 s at 8 kHz in 60 ms strides: 16 messages of 960 bytes and the 640-byte rest
        assertThat(fake.binarySizes).hasSize(17).startsWith(960).endsWith(640);
        assertThat(fake.audio.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(fake.audioBeforeEnd).isEqualTo(16000);

        fake.socket().send("{\"mode\":\"2pass-offline\",\"wav_name\":\"call-7\",\"text\":\"\",\"is_final\":true}");
        assertThat(listener.next()).isEqualTo("closed");
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void eightKilohertzCallsAreSentAtSixteenByDefault() throws Exception {
        AsrStream stream = engine("2pass").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        short[] frame = new short[160];
        for (int n = 0; n < 50; n++) {
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (n * 160 + i) / 8000.0));
            }
            stream.send(frame, 0, frame.length);
        }
        stream.finish();

        JsonNode start = JSON.readTree(fake.nextText());
        // funasr_wss_server.py takes every byte as 16 kHz audio (duration_ms = len(message) // 32)
        assertThat(start.get("audio_fs").asInt()).isEqualTo(16000);
        fake.nextText();
        // 1 s at 16 kHz in 60 ms strides of 1920 bytes, the resampler's tail in the last message
        assertThat(fake.binarySizes.getFirst()).isEqualTo(1920);
        assertThat(fake.binarySizes.subList(0, fake.binarySizes.size() - 1)).allMatch(size -> size == 1920);
        assertThat(fake.audioBeforeEnd).isEqualTo(32000);
    }

    @Test
    void omitsHotwordsWeightsWhenThereAreNone() throws Exception {
        engine("offline").open(new AsrRequest("c", 16000, "zh", List.of()), listener);
        JsonNode start = JSON.readTree(fake.nextText());
        assertThat(start.get("hotwords").asText()).isEmpty();
        assertThat(start.get("mode").asText()).isEqualTo("offline");
        assertThat(start.get("audio_fs").asInt()).isEqualTo(16000);
    }

    @Test
    void mapsTwoPassResultsToAccumulatedPartialsAndFinals() throws Exception {
        AsrStream stream = engine("2pass").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        fake.nextText();
        WebSocket ws = fake.socket();
        ws.send(result("2pass-online", "你好", false));
        ws.send(result("2pass-online", "我想", false));
        ws.send(result("2pass-offline", "你好，我想问一下账单。", false));
        ws.send(result("2pass-online", "好的", false));
        assertThat(listener.next()).isEqualTo("partial:你好");
        assertThat(listener.next()).isEqualTo("partial:你好我想");
        assertThat(listener.next()).isEqualTo("final:你好，我想问一下账单。");
        assertThat(listener.next()).isEqualTo("partial:好的");

        stream.finish();
        assertThat(fake.nextText()).contains("\"is_speaking\":false");
        ws.send(result("2pass-offline", "好的。", true));
        assertThat(listener.next()).isEqualTo("final:好的。");
        assertThat(listener.next()).isEqualTo("closed");
    }

    @Test
    void onlineModeDeliversTheAccumulatedTextAsFinalAtTheEnd() throws Exception {
        AsrStream stream = engine("online").open(new AsrRequest("c", 16000, "zh", List.of()), listener);
        fake.nextText();
        fake.socket().send(result("online", "我明天", false));
        assertThat(listener.next()).isEqualTo("partial:我明天");
        stream.finish();
        fake.nextText();
        fake.socket().send(result("online", "还款", true));
        assertThat(listener.next()).isEqualTo("partial:我明天还款");
        assertThat(listener.next()).isEqualTo("final:我明天还款");
        assertThat(listener.next()).isEqualTo("closed");
    }

    @Test
    void onlineModeStartsEachUtteranceAfreshAtTheCallsSpeechStart() throws Exception {
        AsrStream stream = engine("online").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        fake.nextText();
        WebSocket ws = fake.socket();
        stream.speechStarted();
        // websocket-server-2pass.cpp: online pieces come as 2pass-online even in online mode, never an offline result
        ws.send(result("2pass-online", "我明天", false));
        ws.send(result("2pass-online", "还款", false));
        assertThat(listener.next()).isEqualTo("partial:我明天");
        assertThat(listener.next()).isEqualTo("partial:我明天还款");
        stream.speechStarted();
        ws.send(result("2pass-online", "好的", false));
        assertThat(listener.next()).isEqualTo("partial:好的");
        stream.finish();
        fake.nextText();
        ws.send(result("2pass-online", "谢谢", true));
        assertThat(listener.next()).isEqualTo("partial:好的谢谢");
        assertThat(listener.next()).isEqualTo("final:好的谢谢");
        assertThat(listener.next()).isEqualTo("closed");
    }

    @Test
    void aSentenceStartFromTheServerStartsANewUtterance() throws Exception {
        engine("online").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        fake.nextText();
        WebSocket ws = fake.socket();
        ws.send(sliced("我明天", 0));
        ws.send(sliced("还款", 1));
        ws.send(sliced("好的", 0));
        assertThat(listener.next()).isEqualTo("partial:我明天");
        assertThat(listener.next()).isEqualTo("partial:我明天还款");
        assertThat(listener.next()).isEqualTo("partial:好的");
    }

    @Test
    void onlineIsFinalEndsTheUtteranceOnceTheServerSendsItOnlyAtSegmentEnds() throws Exception {
        engine("online").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        fake.nextText();
        WebSocket ws = fake.socket();
        // funasr_wss_server.py (2026-07): is_final marks the piece at the server VAD's end point
        ws.send(result("online", "我明天", false));
        ws.send(result("online", "还款", true));
        ws.send(result("online", "好的", false));
        assertThat(listener.next()).isEqualTo("partial:我明天");
        assertThat(listener.next()).isEqualTo("partial:我明天还款");
        assertThat(listener.next()).isEqualTo("final:我明天还款");
        assertThat(listener.next()).isEqualTo("partial:好的");
    }

    @Test
    void olderPythonServersIsFinalWhileSpeakingIsNotAnEnd() throws Exception {
        engine("online").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        fake.nextText();
        WebSocket ws = fake.socket();
        // older funasr_wss_server.py: "is_final": websocket.is_speaking, true for every piece while audio flows
        ws.send(result("online", "我明天", true));
        ws.send(result("online", "还款", true));
        assertThat(listener.next()).isEqualTo("partial:我明天");
        assertThat(listener.next()).isEqualTo("partial:我明天还款");
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void theEndAcknowledgementClosesTheSession() throws Exception {
        AsrStream stream = engine("online").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        fake.nextText();
        WebSocket ws = fake.socket();
        ws.send(result("online", "我明天", false));
        assertThat(listener.next()).isEqualTo("partial:我明天");
        stream.finish();
        fake.nextText();
        // funasr_wss_server.py finish_input: {"mode", "wav_name", "is_final": not errors, "is_end": true, "error"?}
        ws.send("{\"mode\":\"online\",\"wav_name\":\"c\",\"is_final\":false,\"is_end\":true,"
                + "\"error\":\"online inference failed: boom\"}");
        assertThat(listener.next()).isEqualTo("final:我明天");
        assertThat(listener.next()).isEqualTo("closed");
    }

    @Test
    void serverClosingMidCallGivesOneFailure() throws Exception {
        AsrStream stream = engine("2pass").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        fake.nextText();
        fake.socket().close(1011, "decoder busy");
        assertThat(listener.next()).startsWith("failure:").contains("mid-call", "1011", "decoder busy");
        stream.send(new short[160], 0, 160);
        stream.finish();
        stream.cancel();
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void aRefusedHandshakeIsAFailureNamingTheStatus() throws Exception {
        for (int status : new int[] {401, 404}) {
            try (MockWebServer refusing = new MockWebServer()) {
                refusing.enqueue(new MockResponse().setResponseCode(status));
                refusing.start();
                String url = "ws://127.0.0.1:" + refusing.getPort();
                AsrStream stream = new FunAsrEngine(FunAsrConfig.defaults().withUrl(url), client)
                        .open(new AsrRequest("c", 8000, "zh", List.of()), listener);
                stream.send(new short[160], 0, 160);
                assertThat(listener.next()).startsWith("failure:").contains(url, "HTTP " + status);
                assertThat(listener.nextQuickly()).isNull();
            }
        }
    }

    @Test
    void serverDroppingTheConnectionMidCallGivesOneFailure() throws Exception {
        AsrStream stream = engine("2pass").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        fake.nextText();
        server.shutdown(); // the TCP connection goes without a close frame
        assertThat(listener.next()).startsWith("failure:").contains("without a websocket close frame");
        stream.send(new short[160], 0, 160);
        stream.finish();
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void aServerThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeOut() throws Exception {
        try (WsClient impatient = new WsClient("test-ws-close", 1, Duration.ofSeconds(5), Duration.ofMillis(300), 64 * 1024);
             RawWsServer raw = new RawWsServer()) {
            AsrStream stream = new FunAsrEngine(FunAsrConfig.defaults().withUrl(raw.url()), impatient)
                    .open(new AsrRequest("c", 16000, "zh", List.of()), listener);
            raw.accept();
            assertThat(new String(raw.read().payload(), StandardCharsets.UTF_8)).contains("\"mode\":\"2pass\"");
            stream.finish();
            assertThat(new String(raw.read().payload(), StandardCharsets.UTF_8)).isEqualTo(FunAsrProtocol.END_OF_AUDIO);
            raw.write(0x1, result("2pass-offline", "好的。", true).getBytes(StandardCharsets.UTF_8));
            assertThat(listener.next()).isEqualTo("final:好的。");
            assertThat(listener.next()).isEqualTo("closed");
            RawWsServer.Frame close = raw.read();
            assertThat(close.opcode()).isEqualTo(0x8); // RFC 6455 §5.5.1
            // the server never answers: the robot drops the TCP connection after its close time-out
            assertThat(raw.clientClosed()).isTrue();
            assertThat(listener.nextQuickly()).isNull();
        }
    }

    @Test
    void sendsAfterTheStreamEndedAreDroppedQuietly() throws Exception {
        AsrStream stream = engine("2pass").open(new AsrRequest("c", 16000, "zh", List.of()), listener);
        fake.nextText();
        stream.finish();
        fake.nextText();
        fake.socket().send(result("2pass-offline", "", true));
        assertThat(listener.next()).isEqualTo("closed");
        int audio = fake.binarySizes.size();
        for (int n = 0; n < 10; n++) {
            stream.send(new short[320], 0, 320);
        }
        stream.finish();
        stream.cancel();
        assertThat(fake.ended.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(fake.binarySizes).hasSize(audio);
        assertThat(fake.texts).isEmpty();
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void serverErrorTextIsAFailure() throws Exception {
        engine("2pass").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        fake.nextText();
        fake.socket().send("{\"text\":\"ERROR. Real-time transcription service ONLY SUPPORT PCM stream.\","
                + "\"wav_name\":\"c\",\"is_final\":true}");
        assertThat(listener.next()).startsWith("failure:").contains("ONLY SUPPORT PCM");
        fake.socket().send("not json at all");
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void cancelSilencesTheListenerAndClosesTheSocket() throws Exception {
        AsrStream stream = engine("2pass").open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        fake.nextText();
        stream.cancel();
        stream.cancel();
        fake.socket().send(result("2pass-online", "你好", false));
        assertThat(fake.ended.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    @Timeout(30)
    void aListenerMayCancelFromAnotherThreadWhileItsCallbackRuns() throws Exception {
        AtomicReference<AsrStream> opened = new AtomicReference<>();
        CompletableFuture<Boolean> cancelledElsewhere = new CompletableFuture<>();
        RecordingAsrListener cancelling = new RecordingAsrListener() {
            @Override
            public void onPartial(String text) {
                super.onPartial(text);
                // no lock of the stream is held during a callback, so cancel() on another thread returns
                cancelledElsewhere.complete(returnsOnAnotherThread(() -> opened.get().cancel()));
            }
        };
        opened.set(engine("2pass").open(new AsrRequest("c", 8000, "zh", List.of()), cancelling));
        fake.nextText();
        fake.socket().send(result("2pass-online", "你好", false));
        fake.socket().send(result("2pass-offline", "你好。", false));

        assertThat(cancelledElsewhere.get()).isTrue();
        assertThat(fake.ended.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelling.next()).isEqualTo("partial:你好");
        assertThat(cancelling.nextQuickly()).isNull();
    }

    @Test
    void unreachableServerIsAFailure() throws Exception {
        int port = server.getPort();
        server.shutdown();
        FunAsrEngine engine = new FunAsrEngine(new FunAsrConfig("ws://127.0.0.1:" + port, "2pass",
                List.of(5, 10, 5), 10, true, 16000, Duration.ofSeconds(2)), client);
        engine.open(new AsrRequest("c", 8000, "zh", List.of()), listener);
        assertThat(listener.next()).startsWith("failure:").contains("ws://127.0.0.1:" + port);
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void rejectsBadConfig() {
        assertThatThrownBy(() -> new FunAsrConfig("http://x:1", "2pass", List.of(5, 10, 5), 10, true, 16000,
                Duration.ofSeconds(1))).hasMessageContaining("ws://");
        assertThatThrownBy(() -> new FunAsrConfig("ws://x:1", "fast", List.of(5, 10, 5), 10, true, 16000,
                Duration.ofSeconds(1))).hasMessageContaining("mode");
        assertThatThrownBy(() -> FunAsrConfig.defaults().withSampleRate(44100)).hasMessageContaining("44100");
        assertThat(FunAsrConfig.defaults().strideMillis()).isEqualTo(60);
    }

    private static String result(String mode, String text, boolean isFinal) {
        return JSON.createObjectNode().put("mode", mode).put("wav_name", "c").put("text", text)
                .put("is_final", isFinal).toString();
    }

    /** An online piece as websocket-server-2pass.cpp sends it since its sentence timestamps. */
    private static String sliced(String text, int sliceType) {
        return JSON.createObjectNode().put("mode", "2pass-online").put("wav_name", "c").put("text", text)
                .put("is_final", false).put("slice_type", sliceType).put("index", 0).toString();
    }

    /** Server side of the websocket: records what the client sends. */
    private static final class FakeServerSide extends WebSocketListener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final List<Integer> binarySizes = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream audio = new ByteArrayOutputStream();
        final CompletableFuture<WebSocket> open = new CompletableFuture<>();
        final CompletableFuture<Boolean> ended = new CompletableFuture<>();
        volatile int audioBeforeEnd = -1;


        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            open.complete(webSocket);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            if (text.contains("is_speaking\":false")) {
                synchronized (audio) {
                    audioBeforeEnd = audio.size();
                }
            }
            texts.add(text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            synchronized (audio) {
                binarySizes.add(bytes.size());
                audio.writeBytes(bytes.toByteArray());
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(code, null);
            ended.complete(true);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            ended.complete(true);
        }

        WebSocket socket() throws Exception {
            return open.get(10, TimeUnit.SECONDS);
        }

        String nextText() throws InterruptedException {
            String text = texts.poll(10, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no text message within 10 s");
            }
            return text;
        }
    }
}
