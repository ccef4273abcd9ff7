package io.callrobot.tts.cosyvoice;

import static io.callrobot.concurrent.OtherThread.returnsOnAnotherThread;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.tts.RecordingTtsListener;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CosyVoiceTtsEngineTest {

    private static final TtsRequest REQUEST = new TtsRequest("call-1", "zh-CN", null, null, 1.0);

    private final OkHttpClient client = new OkHttpClient();
    private final CountDownLatch release = new CountDownLatch(1);
    private FakeCosyVoiceServer fake;
    private CosyVoiceTtsEngine engine;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeCosyVoiceServer(2);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (engine != null) {
            engine.close();
        }
        client.dispatcher().executorService().shutdownNow();
        fake.close();
    }

    private CosyVoiceTtsEngine engine(int standby, String instruction) {
        engine = new CosyVoiceTtsEngine(new CosyVoiceConfig(fake.url(), "sk-test", "cosyvoice-v2", "longxiaochun_v2",
                8000, 50, 1.0, instruction, standby, Duration.ofSeconds(20), Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(20)), client);
        return engine;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runTaskCarriesTheDocumentedPayloadAndTextFollowsInContinueTasks() throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine(0, "请用{emotion}的语气说话。")
                .open(new TtsRequest("call-1", "zh-CN", "longwan_v2", "开心", 3.0), listener);
        stream.send(new TextChunk(0, "您好，张先生。"));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(fake.handshakes).containsExactly("bearer sk-test");
        JsonNode run = fake.commands("run-task").getFirst();
        String taskId = run.path("header").path("task_id").asText();
        assertThat(taskId).isNotBlank();
        assertThat(run.path("header").path("streaming").asText()).isEqualTo("duplex");
        JsonNode payload = run.path("payload");
        assertThat(payload.path("task_group").asText()).isEqualTo("audio");
        assertThat(payload.path("task").asText()).isEqualTo("tts");
        assertThat(payload.path("function").asText()).isEqualTo("SpeechSynthesizer");
        assertThat(payload.path("model").asText()).isEqualTo("cosyvoice-v2");
        assertThat(payload.path("input").isObject()).isTrue();
        assertThat(payload.path("input").size()).isZero();
        JsonNode parameters = payload.path("parameters");
        assertThat(parameters.path("text_type").asText()).isEqualTo("PlainText");
        assertThat(parameters.path("voice").asText()).isEqualTo("longwan_v2");
        assertThat(parameters.path("format").asText()).isEqualTo("pcm");
        assertThat(parameters.path("sample_rate").asInt()).isEqualTo(8000);
        assertThat(parameters.path("volume").asInt()).isEqualTo(50);
        assertThat(parameters.path("rate").asDouble()).as("speed 3.0 clamped to CosyVoice's 2.0").isEqualTo(2.0);
        assertThat(parameters.path("pitch").asDouble()).isEqualTo(1.0);
        assertThat(parameters.path("instruction").asText()).isEqualTo("请用开心的语气说话。");
        JsonNode text = fake.commands("continue-task").getFirst();
        assertThat(text.path("header").path("task_id").asText()).isEqualTo(taskId);
        assertThat(text.path("payload").path("input").path("text").asText()).isEqualTo("您好，张先生。");
        assertThat(fake.commands("finish-task").getFirst().path("header").path("task_id").asText()).isEqualTo(taskId);
        assertThat(listener.rates.get(0)).isEqualTo(8000);
    }

    @Test
    void defaultVoiceAndNoInstructionWithoutOne() throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine(0, "").open(new TtsRequest("call-1", "zh-CN", null, "开心", 0.8), listener);
        stream.send(new TextChunk(0, "好的。"));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        JsonNode parameters = fake.commands("run-task").getFirst().path("payload").path("parameters");
        assertThat(parameters.path("voice").asText()).isEqualTo("longxiaochun_v2");
        assertThat(parameters.path("rate").asDouble()).isEqualTo(0.8);
        assertThat(parameters.has("instruction")).isFalse();
    }

    @Test
    void audioArrivesBeforeFinish() throws Exception {
        CountDownLatch heard = new CountDownLatch(1);
        RecordingTtsListener listener = new RecordingTtsListener() {
            @Override
            public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
                super.onAudio(chunk, pcm, sampleRate);
                heard.countDown();
            }
        };
        TtsStream stream = engine(0, "").open(REQUEST, listener);
        stream.send(new TextChunk(0, "您好，请问是张先生吗？"));

        await(heard);
        assertThat(fake.commands("finish-task")).isEmpty();
        assertThat(listener.terminal).isNotDone();
        stream.finish();
        assertThat(listener.awaitEnd()).isNull();
        short[] expected = concat(FakeCosyVoiceServer.samples(0, 0), FakeCosyVoiceServer.samples(0, 1));
        assertThat(listener.audio.get(0)).containsExactly(expected);
    }

    @Test
    void audioGoesToTheChunkItsSentenceStartsIn() throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine(0, "").open(REQUEST, listener);
        stream.send(new TextChunk(0, "第一句。第二"));   // sentences 0 and 1 start here
        stream.send(new TextChunk(1, "句。"));           // inside sentence 1: no audio of its own
        stream.send(new TextChunk(2, "第三句。"));       // sentence 2
        stream.send(new TextChunk(3, "还有"));           // sentence 3, spoken at finish-task
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "done:1", "audio:2", "done:2", "audio:3",
                "done:3", "complete");
        assertThat(listener.audio.get(0)).containsExactly(concat(FakeCosyVoiceServer.samples(0, 0),
                FakeCosyVoiceServer.samples(0, 1), FakeCosyVoiceServer.samples(1, 0), FakeCosyVoiceServer.samples(1, 1)));
        assertThat(listener.audio.get(2)).containsExactly(concat(FakeCosyVoiceServer.samples(2, 0),
                FakeCosyVoiceServer.samples(2, 1)));
        assertThat(listener.audio).doesNotContainKey(1);
    }

    @Test
    void taskFailedMidStreamFailsOnce() throws Exception {
        fake.fault = (socket, task, sentence) -> sentence == 1
                && socket.send(FakeCosyVoiceServer.taskFailed(task, "InternalError", "synthesis backend down"));
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine(0, "").open(REQUEST, listener);
        stream.send(new TextChunk(0, "好的。"));
        stream.send(new TextChunk(1, "您的账单是一千二百元。"));
        stream.finish();

        assertThat(listener.awaitEnd()).hasMessageContaining("InternalError").hasMessageContaining("synthesis backend down");
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "failure");
    }

    @Test
    void connectionDropMidStreamFails() throws Exception {
        fake.fault = (socket, task, sentence) -> {
            if (sentence == 1) {
                socket.cancel();
                return true;
            }
            return false;
        };
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine(0, "").open(REQUEST, listener);
        stream.send(new TextChunk(0, "好的。"));
        stream.send(new TextChunk(1, "您的账单是一千二百元。"));

        assertThat(listener.awaitEnd()).hasMessageContaining("CosyVoice");
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "failure");
    }

    @Test
    void cancelStopsDeliveryAndDropsTheConnection() throws Exception {
        CountDownLatch heard = new CountDownLatch(1);
        fake.fault = (socket, task, sentence) -> {
            if (sentence == 1) {
                heard.await(20, TimeUnit.SECONDS); // hold the second sentence until the client cancelled
                release.await(20, TimeUnit.SECONDS);
            }
            return false;
        };
        RecordingTtsListener listener = new RecordingTtsListener() {
            @Override
            public void onChunkDone(TextChunk chunk) {
                super.onChunkDone(chunk);
                heard.countDown();
            }
        };
        TtsStream stream = engine(0, "").open(REQUEST, listener);
        stream.send(new TextChunk(0, "好的。"));
        stream.send(new TextChunk(1, "您的账单是一千二百元。"));
        await(heard);
        stream.cancel();
        List<String> atCancel = List.copyOf(listener.events);
        release.countDown();

        assertThat(fake.awaitAnyClosed()).isTrue();
        stream.finish();
        stream.cancel();
        assertThat(atCancel).containsExactly("audio:0", "audio:0", "done:0");
        assertThat(listener.events).isEqualTo(atCancel);
        assertThat(listener.terminal).isNotDone();
    }

    @Test
    @Timeout(30)
    void aListenerMayCancelFromAnotherThreadWhileItsCallbackRuns() throws Exception {
        AtomicReference<TtsStream> opened = new AtomicReference<>();
        CompletableFuture<Boolean> cancelledElsewhere = new CompletableFuture<>();
        RecordingTtsListener listener = new RecordingTtsListener() {
            @Override
            public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
                super.onAudio(chunk, pcm, sampleRate);
                // the stream's lock is not held during a callback, so cancel() on another thread returns
                cancelledElsewhere.complete(returnsOnAnotherThread(() -> opened.get().cancel()));
            }
        };
        TtsStream stream = engine(0, "").open(REQUEST, listener);
        opened.set(stream);
        stream.send(new TextChunk(0, "您好，请问是张先生吗？"));

        assertThat(cancelledElsewhere.get()).isTrue();
        assertThat(fake.awaitAnyClosed()).isTrue();
        assertThat(listener.events).as("the sentence's second frame is dropped").containsExactly("audio:0");
        assertThat(listener.terminal).isNotDone();
    }

    @Test
    void aStandbyConnectionOpenedAheadCarriesTheReplyAndIsReplaced() throws Exception {
        engine(1, "");
        assertThat(fake.awaitHandshakes(1)).as("standby opened before any reply").isTrue();
        assertThat(fake.commands).isEmpty();

        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine.open(REQUEST, listener);
        assertThat(fake.awaitHandshakes(2)).as("a replacement standby opened on take").isTrue();
        stream.send(new TextChunk(0, "您好。"));
        stream.finish();
        assertThat(listener.awaitEnd()).isNull();

        assertThat(fake.commands.getFirst().getKey()).as("run-task went over the standby websocket").isZero();
        assertThat(fake.commands.stream().map(e -> e.getKey()).distinct()).containsExactly(0);

        RecordingTtsListener second = new RecordingTtsListener();
        TtsStream next = engine.open(REQUEST, second);
        next.send(new TextChunk(0, "再见。"));
        next.finish();
        assertThat(second.awaitEnd()).isNull();
        assertThat(fake.commands("run-task")).hasSize(2);
        assertThat(fake.commands.getLast().getKey()).as("second reply on a standby, not on a fresh handshake").isNotZero();
        assertThat(fake.handshakes.size()).isLessThanOrEqualTo(3);
    }

    private CosyVoiceTtsEngine engineWithTextIdleLimit(Duration textIdleLimit) {
        engine = new CosyVoiceTtsEngine(new CosyVoiceConfig(fake.url(), "sk-test", "cosyvoice-v2", "longxiaochun_v2",
                8000, 50, 1.0, "", 0, Duration.ofSeconds(20), textIdleLimit, Duration.ofSeconds(5),
                Duration.ofSeconds(20)), client);
        return engine;
    }

    @Test
    void theFakeServiceEndsATaskWhoseTextStallsPastItsLimit() throws Exception {
        fake.continueGapLimit = Duration.ofMillis(300);
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engineWithTextIdleLimit(Duration.ofSeconds(20)).open(REQUEST, listener);
        stream.send(new TextChunk(0, "您好。"));
        assertThat(listener.awaitEnd()).hasMessageContaining("request timeout");
    }

    @Test
    void aStalledReplyFinishesItsTaskAndGoesOnInANewOne() throws Exception {
        fake.continueGapLimit = Duration.ofMillis(600);
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engineWithTextIdleLimit(Duration.ofMillis(200)).open(REQUEST, listener);
        stream.send(new TextChunk(0, "您好。"));
        long sent = System.nanoTime();
        // the LLM stalls: the task is finished before the service's limit, its audio still delivered
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fake.commands("finish-task").size() == 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> listener.events.contains("done:0"));
        // and the stall outlasts the service's limit, which a task left open would not survive
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> System.nanoTime() - sent > Duration.ofMillis(900).toNanos());
        stream.send(new TextChunk(1, "请问有什么可以帮您？"));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "audio:1", "done:1", "complete");
        List<JsonNode> runs = fake.commands("run-task");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(1).at("/header/task_id").asText()).isNotEqualTo(runs.get(0).at("/header/task_id").asText());
        assertThat(fake.commands("continue-task")).extracting(c -> c.at("/payload/input/text").asText())
                .containsExactly("您好。", "请问有什么可以帮您？");
        assertThat(fake.commands("finish-task")).hasSize(2);
    }

    @Test
    void aStandbyIdlePastTheLimitIsReplacedNotUsed() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        okhttp3.Request handshake = new okhttp3.Request.Builder().url(fake.url()).build();
        try (CosyVoiceConnectionPool pool = new CosyVoiceConnectionPool(client, handshake, 1,
                Duration.ofSeconds(20).toNanos(), now::get)) {
            pool.start();
            assertThat(fake.awaitHandshakes(1)).isTrue();
            now.addAndGet(Duration.ofSeconds(21).toNanos());
            CosyVoiceConnection taken = pool.take();
            assertThat(fake.awaitAnyClosed()).as("the stale standby was closed").isTrue();
            assertThat(fake.awaitHandshakes(2)).as("the reply got a fresh websocket").isTrue();
            assertThat(taken.idleSince()).isEqualTo(now.get());
            taken.close();
        }
    }

    @Test
    void finishWithoutTextCompletesAtOnce() throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine(0, "").open(REQUEST, listener);
        stream.finish();
        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.events).containsExactly("complete");
    }

    @Test
    void refusedHandshakeFails() throws Exception {
        fake.server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                return new okhttp3.mockwebserver.MockResponse().setResponseCode(401).setBody("{\"code\":\"InvalidApiKey\"}");
            }
        });
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine(0, "").open(REQUEST, listener);
        stream.send(new TextChunk(0, "您好。"));
        assertThat(listener.awaitEnd()).hasMessageContaining("HTTP 401");
    }

    @Test
    void anUnansweredRunTaskTimesOut() throws Exception {
        fake.server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                return new okhttp3.mockwebserver.MockResponse().withWebSocketUpgrade(new okhttp3.WebSocketListener() {
                });
            }
        });
        engine = new CosyVoiceTtsEngine(new CosyVoiceConfig(fake.url(), "sk-test", "cosyvoice-v2", "longxiaochun_v2",
                16000, 50, 1.0, "", 0, Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofMillis(300)), client);
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine.open(REQUEST, listener);
        stream.send(new TextChunk(0, "您好。"));

        assertThat(listener.awaitEnd()).hasMessageContaining("did not answer run-task");
        assertThat(listener.events).containsExactly("failure");
    }

    private static short[] concat(short[]... parts) {
        int length = 0;
        for (short[] p : parts) {
            length += p.length;
        }
        short[] all = new short[length];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
