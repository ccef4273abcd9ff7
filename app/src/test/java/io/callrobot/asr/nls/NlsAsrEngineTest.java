package io.callrobot.asr.nls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.asr.RecordingAsrListener;
import io.callrobot.nls.FakeNlsServer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NlsAsrEngineTest {

    private final FakeNlsServer fake;
    private final RecordingAsrListener listener = new RecordingAsrListener();

    NlsAsrEngineTest() throws Exception {
        fake = new FakeNlsServer(1);
    }

    @AfterEach
    void stop() throws Exception {
        fake.close();
    }

    private NlsAsrEngine engine(NlsAsrConfig config) {
        return new NlsAsrEngine(new io.callrobot.nls.NlsGateway(fake.config(), new OkHttpClient()), config);
    }

    private AsrStream open(NlsAsrConfig config) {
        return engine(config).open(new AsrRequest("call-1", 8000, "zh-CN", List.of("账单")), listener);
    }

    /** Reads the peer's StartTranscription and confirms it with TranscriptionStarted; returns its task id. */
    private static String startedTask(FakeNlsServer.Peer peer) throws InterruptedException {
        String taskId = peer.nextCommand().get("header").get("task_id").asText();
        peer.event("SpeechTranscriber", "TranscriptionStarted", taskId, null);
        return taskId;
    }

    @Test
    void aGatewayOfItsOwnTakesTheRecognitionWithTheSharedToken() throws Exception {
        // nls.url names a gateway nobody answers at: only asr.nls.url may be dialled
        io.callrobot.nls.NlsConfig shared = fake.config().withUrl("ws://127.0.0.1:9/ws/v1");
        new NlsAsrEngine(new io.callrobot.nls.NlsGateway(shared, new OkHttpClient()),
                new NlsAsrConfig(fake.url(), true, true, true, 800, "", "", Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .open(new AsrRequest("call-1", 8000, "zh-CN", List.of()), listener);
        assertThat(fake.handshake().getHeader("X-NLS-Token")).isEqualTo("token-1");
        assertThat(fake.nextConnection().nextCommand().at("/header/name").asText()).isEqualTo("StartTranscription");
    }

    @Test
    void startsATaskWithTheTokenHeaderAndTheDocumentedPayload() throws Exception {
        open(new NlsAsrConfig("", true, false, true, 500, "vocab-7", "model-9", Duration.ofSeconds(2),
                Duration.ofSeconds(5)));
        RecordedRequest handshake = fake.handshake();
        assertThat(handshake.getHeader("X-NLS-Token")).isEqualTo("token-1");
        assertThat(handshake.getPath()).isEqualTo("/ws/v1");

        JsonNode start = fake.nextConnection().nextCommand();
        JsonNode header = start.get("header");
        assertThat(header.get("namespace").asText()).isEqualTo("SpeechTranscriber");
        assertThat(header.get("name").asText()).isEqualTo("StartTranscription");
        assertThat(header.get("appkey").asText()).isEqualTo("app-1");
        assertThat(header.get("message_id").asText()).matches("[0-9a-f]{32}");
        assertThat(header.get("task_id").asText()).matches("[0-9a-f]{32}").isNotEqualTo(header.get("message_id").asText());
        JsonNode payload = start.get("payload");
        assertThat(payload.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("format", "sample_rate",
                "enable_intermediate_result", "enable_punctuation_prediction", "enable_inverse_text_normalization",
                "max_sentence_silence", "vocabulary_id", "customization_id");
        assertThat(payload.get("format").asText()).isEqualTo("pcm");
        assertThat(payload.get("sample_rate").asInt()).isEqualTo(8000);
        assertThat(payload.get("enable_intermediate_result").asBoolean()).isTrue();
        assertThat(payload.get("enable_punctuation_prediction").asBoolean()).isFalse();
        assertThat(payload.get("enable_inverse_text_normalization").asBoolean()).isTrue();
        assertThat(payload.get("max_sentence_silence").asInt()).isEqualTo(500);
        assertThat(payload.get("vocabulary_id").asText()).isEqualTo("vocab-7");
        assertThat(payload.get("customization_id").asText()).isEqualTo("model-9");
    }

    @Test
    void leavesOutVocabularyAndCustomizationWhenNotConfigured() throws Exception {
        open(NlsAsrConfig.defaults());
        JsonNode payload = fake.nextConnection().nextCommand().get("payload");
        assertThat(payload.has("vocabulary_id")).isFalse();
        assertThat(payload.has("customization_id")).isFalse();
        assertThat(payload.get("max_sentence_silence").asInt()).isEqualTo(800);
    }

    @Test
    void holdsAudioUntilTheTaskStartsKeepingOnlyTheNewestThenStopsAndCloses() throws Exception {
        AsrStream stream = open(new NlsAsrConfig("", true, true, true, 800, "", "", Duration.ofSeconds(1),
                Duration.ofSeconds(5)));
        short[] frame = new short[160];
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int n = 0; n < 150; n++) { // 3 s at 8 kHz, 20 ms frames
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (short) (n * 200 + i * 3 - 9000);
                sent.write(frame[i] & 0xff);
                sent.write(frame[i] >> 8 & 0xff);
            }
            stream.send(frame, 0, frame.length);
        }
        stream.finish();

        FakeNlsServer.Peer peer = fake.nextConnection();
        String taskId = peer.nextCommand().get("header").get("task_id").asText();
        assertThat(peer.nextCommandQuickly()).as("StopTranscription waits for the task to start").isNull();
        peer.event("SpeechTranscriber", "TranscriptionStarted", taskId, null);

        JsonNode stop = peer.nextCommand();
        assertThat(stop.get("header").get("name").asText()).isEqualTo("StopTranscription");
        assertThat(stop.get("header").get("task_id").asText()).isEqualTo(taskId);
        assertThat(stop.has("payload")).isFalse();
        byte[] all = sent.toByteArray();
        assertThat(peer.binaryBeforeStarted()).isZero();
        assertThat(peer.audio()).as("the newest second, in order").isEqualTo(Arrays.copyOfRange(all, all.length - 16000, all.length));

        peer.event("SpeechTranscriber", "TranscriptionCompleted", taskId, null);
        assertThat(listener.next()).isEqualTo("closed");
        assertThat(peer.awaitEnd()).isEqualTo(1000);
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void mapsResultChangedToPartialsAndSentenceEndToFinals() throws Exception {
        AsrStream stream = open(NlsAsrConfig.defaults());
        FakeNlsServer.Peer peer = fake.nextConnection();
        String taskId = startedTask(peer);
        peer.event("SpeechTranscriber", "SentenceBegin", taskId, FakeNlsServer.payload().put("index", 1).put("time", 320));
        peer.event("SpeechTranscriber", "TranscriptionResultChanged", taskId,
                FakeNlsServer.payload().put("index", 1).put("time", 900).put("result", "我想问"));
        peer.event("SpeechTranscriber", "SentenceEnd", taskId, FakeNlsServer.payload().put("index", 1).put("time", 1800)
                .put("begin_time", 320).put("result", "我想问一下账单。").put("confidence", 0.9));
        assertThat(listener.next()).isEqualTo("partial:我想问");
        assertThat(listener.next()).isEqualTo("final:我想问一下账单。");

        short[] frame = new short[160];
        Arrays.fill(frame, (short) 0x0102);
        stream.send(frame, 0, frame.length);
        stream.finish();
        assertThat(peer.nextCommand().get("header").get("name").asText()).isEqualTo("StopTranscription");
        assertThat(peer.audio()).hasSize(320).startsWith(0x02, 0x01);
        peer.event("SpeechTranscriber", "TranscriptionCompleted", taskId, null);
        assertThat(listener.next()).isEqualTo("closed");
    }

    @Test
    void taskFailedMidStreamIsOneFailureWithStatus() throws Exception {
        AsrStream stream = open(NlsAsrConfig.defaults());
        FakeNlsServer.Peer peer = fake.nextConnection();
        String taskId = startedTask(peer);
        peer.taskFailed(taskId, 40000004, "Gateway:IDLE_TIMEOUT:Websocket session is idle for too long time");
        assertThat(listener.next()).startsWith("failure:").contains("40000004", "IDLE_TIMEOUT", "call-1");
        stream.send(new short[160], 0, 160);
        stream.finish();
        assertThat(peer.awaitEnd()).isEqualTo(-1);
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void serverClosingMidStreamIsAFailure() throws Exception {
        open(NlsAsrConfig.defaults());
        FakeNlsServer.Peer peer = fake.nextConnection();
        startedTask(peer);
        peer.close(1011, "gateway restart");
        assertThat(listener.next()).startsWith("failure:").contains("mid-call", "1011", "gateway restart");
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void cancelSendsNothingFurtherAndSilencesTheListener() throws Exception {
        AsrStream stream = open(NlsAsrConfig.defaults());
        FakeNlsServer.Peer peer = fake.nextConnection();
        startedTask(peer);
        stream.send(new short[160], 0, 160);
        stream.cancel();
        stream.cancel();
        stream.send(new short[160], 0, 160);
        stream.finish();
        assertThat(peer.awaitEnd()).isEqualTo(-1);
        assertThat(peer.nextCommandQuickly()).isNull();
        assertThat(peer.audio().length).isLessThanOrEqualTo(320);
        assertThat(listener.nextQuickly()).isNull();
    }

    @Test
    void unreachableGatewayIsAFailureAndBadRatesAreRefused() throws Exception {
        String url = fake.url();
        fake.close();
        NlsAsrEngine engine = new NlsAsrEngine(new io.callrobot.nls.NlsGateway(
                FakeNlsServer.tokenConfig(url, "t", Duration.ofSeconds(2)), new OkHttpClient()), NlsAsrConfig.defaults());
        engine.open(new AsrRequest("c", 16000, "zh", List.of()), listener);
        assertThat(listener.next()).startsWith("failure:").contains(url);
        assertThatThrownBy(() -> engine.open(new AsrRequest("c", 44100, "zh", List.of()), listener))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("44100");
        assertThatThrownBy(() -> new NlsAsrConfig("", true, true, true, 100, "", "", Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("200-2000");
    }
}
