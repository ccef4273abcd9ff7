package io.callrobot.tts.nls;

import static io.callrobot.concurrent.OtherThread.returnsOnAnotherThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.nls.FakeNlsServer;
import io.callrobot.tts.RecordingTtsListener;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NlsTtsEngineTest {

    private static final String NS = "FlowingSpeechSynthesizer";

    private final RecordingTtsListener listener = new RecordingTtsListener();
    private FakeNlsServer fake;
    private NlsTtsEngine engine;

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    /** An engine without a standby connection: each reply opens its own. */
    private NlsTtsEngine engine(int connections, Duration standbyIdle) throws Exception {
        fake = new FakeNlsServer(connections);
        engine = new NlsTtsEngine(new io.callrobot.nls.NlsGateway(fake.config(), new OkHttpClient()),
                new NlsTtsConfig("", "xiaoyun", 8000, 60, -20, standbyIdle));
        return engine;
    }

    /** A reply's stream, the server's side of its connection and its task id. */
    private record Speaking(TtsStream stream, FakeNlsServer.Peer peer, String task) {
    }

    /** Opens a reply on its own connection, sends one chunk and starts the task; returns once the chunk's text arrived. */
    private Speaking speaking(String callId, String text) throws Exception {
        TtsStream stream = engine(1, Duration.ZERO).open(new TtsRequest(callId, "zh", null, null, 1.0), listener);
        stream.send(new TextChunk(0, text));
        FakeNlsServer.Peer peer = fake.nextConnection();
        String task = taskOf(peer.nextCommand());
        peer.event(NS, "SynthesisStarted", task, null);
        peer.nextCommand();
        return new Speaking(stream, peer, task);
    }

    private static String taskOf(JsonNode command) {
        return command.get("header").get("task_id").asText();
    }

    /** Little-endian 16-bit PCM of the given samples. */
    private static byte[] pcm(short... samples) {
        byte[] bytes = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return bytes;
    }

    @Test
    void streamsChunksInOrderAndAttributesEachSentenceToItsChunk() throws Exception {
        TtsStream stream = engine(1, Duration.ZERO).open(new TtsRequest("call-1", "zh-CN", null, "happy", 1.0), listener);
        stream.send(new TextChunk(0, "您好，张三先生。"));
        FakeNlsServer.Peer peer = fake.nextConnection();
        JsonNode start = peer.nextCommand();
        assertThat(start.get("header").get("namespace").asText()).isEqualTo(NS);
        assertThat(start.get("header").get("name").asText()).isEqualTo("StartSynthesis");
        assertThat(peer.nextCommandQuickly()).as("text waits for SynthesisStarted").isNull();
        String task = taskOf(start);
        peer.event(NS, "SynthesisStarted", task, null);
        JsonNode run0 = peer.nextCommand();
        assertThat(run0.get("header").get("name").asText()).isEqualTo("RunSynthesis");
        assertThat(taskOf(run0)).isEqualTo(task);
        assertThat(run0.get("payload").get("text").asText()).isEqualTo("您好，张三先生。");

        stream.send(new TextChunk(1, "您本月账单1,280.50元。"));
        assertThat(peer.nextCommand().get("payload").get("text").asText()).isEqualTo("您本月账单1,280.50元。");
        stream.finish();
        JsonNode stop = peer.nextCommand();
        assertThat(stop.get("header").get("name").asText()).isEqualTo("StopSynthesis");
        assertThat(taskOf(stop)).isEqualTo(task);

        peer.event(NS, "SentenceBegin", task, FakeNlsServer.payload().put("index", 1));
        peer.sendAudio(pcm((short) 1, (short) -2));
        peer.event(NS, "SentenceSynthesis", task, FakeNlsServer.payload());
        peer.sendAudio(pcm((short) 300));
        peer.event(NS, "SentenceEnd", task, FakeNlsServer.payload());
        peer.event(NS, "SentenceBegin", task, FakeNlsServer.payload().put("index", 2));
        peer.sendAudio(pcm((short) 4000, (short) -32768));
        peer.event(NS, "SentenceEnd", task, FakeNlsServer.payload());
        peer.event(NS, "SynthesisCompleted", task, null);

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "audio:1", "done:1", "complete");
        assertThat(listener.audio.get(0)).containsExactly(1, -2, 300);
        assertThat(listener.audio.get(1)).containsExactly(4000, -32768);
        assertThat(listener.rates.get(0)).isEqualTo(8000);
        assertThat(peer.awaitEnd()).isEqualTo(1000);
    }

    @Test
    void sendsVoiceRateAndParametersInStartSynthesis() throws Exception {
        engine(2, Duration.ZERO).open(new TtsRequest("c", "zh", null, null, 1.5), listener);
        JsonNode payload = fake.nextConnection().nextCommand().get("payload");
        assertThat(payload.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder(
                "voice", "format", "sample_rate", "volume", "speech_rate", "pitch_rate");
        assertThat(payload.get("voice").asText()).isEqualTo("xiaoyun");
        assertThat(payload.get("format").asText()).isEqualTo("pcm");
        assertThat(payload.get("sample_rate").asInt()).isEqualTo(8000);
        assertThat(payload.get("volume").asInt()).isEqualTo(60);
        assertThat(payload.get("speech_rate").asInt()).isEqualTo(250);
        assertThat(payload.get("pitch_rate").asInt()).isEqualTo(-20);

        engine.open(new TtsRequest("c", "zh", "zhiyan_emo", "happy", 0.5), new RecordingTtsListener());
        JsonNode second = fake.nextConnection().nextCommand().get("payload");
        assertThat(second.get("voice").asText()).isEqualTo("zhiyan_emo");
        assertThat(second.get("speech_rate").asInt()).isEqualTo(-500);
        assertThat(second.has("emotion")).isFalse();
    }

    @Test
    void aGatewayOfItsOwnTakesTheSynthesisWithTheSharedAppkeyAndToken() throws Exception {
        fake = new FakeNlsServer(1);
        // nls.url names a gateway nobody answers at: only tts.nls.url may be dialled
        io.callrobot.nls.NlsConfig shared = fake.config().withUrl("ws://127.0.0.1:9/ws/v1");
        engine = new NlsTtsEngine(new io.callrobot.nls.NlsGateway(shared, new OkHttpClient()),
                new NlsTtsConfig(fake.url(), "xiaoyun", 8000, 60, -20, Duration.ZERO));
        engine.open(new TtsRequest("c", "zh", null, null, 1.0), listener);
        JsonNode start = fake.nextConnection().nextCommand();
        assertThat(start.at("/header/name").asText()).isEqualTo("StartSynthesis");
        assertThat(start.at("/header/appkey").asText()).isEqualTo("app-1");
        assertThat(fake.handshake().getHeader("X-NLS-Token")).isEqualTo("token-1");
    }

    @Test
    void speedMapsOntoTheDocumentedSpeechRateRange() {
        assertThat(NlsTtsEngine.speechRate(1.0)).isZero();
        assertThat(NlsTtsEngine.speechRate(0)).isZero();
        assertThat(NlsTtsEngine.speechRate(2.0)).isEqualTo(500);
        assertThat(NlsTtsEngine.speechRate(0.5)).isEqualTo(-500);
        assertThat(NlsTtsEngine.speechRate(0.8)).isEqualTo(-200);
        assertThat(NlsTtsEngine.speechRate(1.2)).isEqualTo(100);
        assertThat(NlsTtsEngine.speechRate(3.0)).isEqualTo(500);
        assertThat(NlsTtsEngine.speechRate(0.1)).isEqualTo(-500);
    }

    @Test
    void taskFailedMidStreamIsOneFailureAfterTheAudioSoFar() throws Exception {
        Speaking reply = speaking("call-2", "第一句。");
        reply.peer().sendAudio(pcm((short) 7));
        reply.peer().taskFailed(reply.task(), 40000001, "Gateway:ACCESS_DENIED:The token is invalid!");
        Throwable error = listener.awaitEnd();
        assertThat(error).hasMessageContaining("40000001").hasMessageContaining("ACCESS_DENIED").hasMessageContaining("call-2");
        assertThat(listener.order()).containsExactly("audio:0", "failure");
        reply.stream().send(new TextChunk(1, "不会再说。"));
        reply.stream().finish();
        assertThat(reply.peer().awaitEnd()).isEqualTo(-1);
        assertThat(reply.peer().nextCommandQuickly()).isNull();
        assertThat(listener.order()).containsExactly("audio:0", "failure");
    }

    @Test
    void connectionDroppedMidStreamIsAFailure() throws Exception {
        Speaking reply = speaking("c", "你好。");
        reply.peer().close(1011, "server restart");
        assertThat(listener.awaitEnd()).hasMessageContaining("mid-reply").hasMessageContaining("1011");
        assertThat(listener.order()).containsExactly("failure");
    }

    @Test
    void cancelSilencesTheListenerAndDropsTheConnection() throws Exception {
        Speaking reply = speaking("c", "你好。");
        reply.stream().cancel();
        reply.stream().cancel();
        reply.stream().send(new TextChunk(1, "再见。"));
        reply.stream().finish();
        assertThat(reply.peer().awaitEnd()).isEqualTo(-1);
        assertThat(reply.peer().nextCommandQuickly()).isNull();
        assertThat(listener.terminal).isNotDone();
        assertThat(listener.events).isEmpty();
    }

    @Test
    @Timeout(30)
    void aListenerMayCancelFromAnotherThreadWhileItsCallbackRuns() throws Exception {
        AtomicReference<TtsStream> opened = new AtomicReference<>();
        CompletableFuture<Boolean> cancelledElsewhere = new CompletableFuture<>();
        RecordingTtsListener cancelling = new RecordingTtsListener() {
            @Override
            public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
                super.onAudio(chunk, pcm, sampleRate);
                // the stream's lock is not held during a callback, so cancel() on another thread returns
                cancelledElsewhere.complete(returnsOnAnotherThread(() -> opened.get().cancel()));
            }
        };
        TtsStream stream = engine(1, Duration.ZERO).open(new TtsRequest("c", "zh", null, null, 1.0), cancelling);
        opened.set(stream);
        stream.send(new TextChunk(0, "你好。"));
        FakeNlsServer.Peer peer = fake.nextConnection();
        String task = taskOf(peer.nextCommand());
        peer.event(NS, "SynthesisStarted", task, null);
        peer.nextCommand();
        peer.sendAudio(pcm((short) 1));
        peer.sendAudio(pcm((short) 2));

        assertThat(cancelledElsewhere.get()).isTrue();
        assertThat(peer.awaitEnd()).isEqualTo(-1);
        assertThat(cancelling.events).as("the second frame is dropped").containsExactly("audio:0");
        assertThat(cancelling.terminal).isNotDone();
    }

    @Test
    void aStandbyConnectionIsOpenBeforeTheReplyThenReusedAndReplaced() throws Exception {
        engine(3, Duration.ofSeconds(60));
        assertThat(fake.handshake().getHeader("X-NLS-Token")).isEqualTo("token-1");
        FakeNlsServer.Peer standby = fake.nextConnection();

        engine.open(new TtsRequest("c", "zh", null, null, 1.0), listener);
        assertThat(standby.nextCommand().get("header").get("name").asText()).isEqualTo("StartSynthesis");
        FakeNlsServer.Peer replacement = fake.nextConnection();

        engine.open(new TtsRequest("c2", "zh", "aixia", null, 1.0), new RecordingTtsListener());
        assertThat(replacement.nextCommand().get("payload").get("voice").asText()).isEqualTo("aixia");
        FakeNlsServer.Peer third = fake.nextConnection();
        assertThat(standby.nextCommandQuickly()).isNull();

        engine.close();
        assertThat(third.awaitEnd()).as("close() ends the idle standby").isEqualTo(1000);
    }

    @Test
    void anIdleStandbyIsClosedAndTheNextReplyConnectsAnew() throws Exception {
        engine(3, Duration.ofMillis(200)); // the standby, then the reply's own and a new standby
        FakeNlsServer.Peer standby = fake.nextConnection();
        assertThat(standby.awaitEnd()).isEqualTo(1000);
        engine.open(new TtsRequest("c", "zh", null, null, 1.0), listener);
        assertThat(replyCommand(fake.nextConnection(), fake.nextConnection()).get("header").get("name").asText())
                .isEqualTo("StartSynthesis");
        assertThat(standby.nextCommandQuickly()).isNull();
    }

    @Test
    void aStandbyTheServerClosesIsNotUsed() throws Exception {
        engine(3, Duration.ofSeconds(60));
        FakeNlsServer.Peer standby = fake.nextConnection();
        standby.close(1000, "idle timeout");
        assertThat(standby.awaitEnd()).isEqualTo(1000);
        engine.open(new TtsRequest("c", "zh", null, null, 1.0), listener);
        assertThat(replyCommand(fake.nextConnection(), fake.nextConnection()).get("header").get("name").asText())
                .isEqualTo("StartSynthesis");
    }

    /**
     * The first command on the reply's own connection: the reply connects and a new standby is
     * opened at the same moment, and the server may accept either first.
     */
    private static JsonNode replyCommand(FakeNlsServer.Peer a, FakeNlsServer.Peer b) {
        return await("a command on either new connection").pollInSameThread().pollDelay(Duration.ZERO)
                .until(() -> {
                    JsonNode command = a.nextCommandQuickly();
                    return command != null ? command : b.nextCommandQuickly();
                }, Objects::nonNull);
    }
}
