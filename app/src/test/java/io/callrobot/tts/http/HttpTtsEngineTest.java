package io.callrobot.tts.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.media.PcmAudio;
import io.callrobot.tts.ChunkTtsServer;
import io.callrobot.tts.RecordingTtsListener;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTtsEngineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TtsRequest REQUEST = new TtsRequest("call-1", "zh-CN", null, null, 1.0);

    private final OkHttpClient client = new OkHttpClient();
    private ChunkTtsServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ChunkTtsServer("text");
    }

    @AfterEach
    void stop() throws Exception {
        client.dispatcher().executorService().shutdownNow();
        server.close();
    }

    private HttpTtsEngine engine(int maxInFlight, Duration timeout) {
        return new HttpTtsEngine(new HttpTtsConfig(server.url("/tts").toString(), "zhitian_emo", 16000, maxInFlight, timeout),
                client);
    }

    private static short[] tone(int samples, int seed) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) ((i * 37 + seed * 1001) % 20000 - 10000);
        }
        return pcm;
    }

    private static MockResponse wav(short[] pcm, int rate) {
        return new MockResponse().setHeader("Content-Type", "audio/wav")
                .setBody(new Buffer().write(new PcmAudio(rate, pcm).toWav()));
    }

    private static Buffer raw(short[] pcm, ByteOrder order) {
        ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2).order(order);
        for (short s : pcm) {
            bytes.putShort(s);
        }
        return new Buffer().write(bytes.array());
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void postsTheSpecifiedJsonAndParsesWav() throws Exception {
        short[] pcm = tone(1600, 1);
        server.answer(text -> wav(pcm, 16000));
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine(2, Duration.ofSeconds(10))
                .open(new TtsRequest("call-1", "zh-CN", null, "happy", 1.2), listener);
        stream.send(new TextChunk(0, "您好，请问是张先生吗？"));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "complete");
        assertThat(listener.audio.get(0)).containsExactly(pcm);
        assertThat(listener.rates.get(0)).isEqualTo(16000);
        RecordedRequest recorded = server.requests.get("您好，请问是张先生吗？");
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getPath()).isEqualTo("/tts");
        assertThat(recorded.getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = MAPPER.readTree(recorded.getBody().readUtf8());
        assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactly("text", "voice", "emotion", "speed");
        assertThat(body.get("voice").asText()).isEqualTo("zhitian_emo");
        assertThat(body.get("emotion").asText()).isEqualTo("happy");
        assertThat(body.get("speed").asDouble()).isEqualTo(1.2);
    }

    @Test
    void streamsRawPcmAsItArrivesAcrossOddSplits() throws Exception {
        short[] bigEndian = tone(4000, 2);
        short[] littleEndian = tone(3000, 3);
        server.answer(text -> switch (text) {
            case "一" -> new MockResponse().setHeader("Content-Type", "audio/L16;rate=24000")
                    .setBody(raw(bigEndian, ByteOrder.BIG_ENDIAN)).throttleBody(1001, 5, TimeUnit.MILLISECONDS);
            default -> new MockResponse().setHeader("Content-Type", "application/octet-stream")
                    .setBody(raw(littleEndian, ByteOrder.LITTLE_ENDIAN)).throttleBody(777, 5, TimeUnit.MILLISECONDS);
        });
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine(2, Duration.ofSeconds(10)).open(REQUEST, listener);
        stream.send(new TextChunk(0, "一"));
        stream.send(new TextChunk(1, "二"));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.audio.get(0)).containsExactly(bigEndian);
        assertThat(listener.rates.get(0)).isEqualTo(24000);
        assertThat(listener.audio.get(1)).containsExactly(littleEndian);
        assertThat(listener.rates.get(1)).as("configured rate for raw PCM without one").isEqualTo(16000);
        assertThat(listener.events.stream().filter("audio:0"::equals).count()).as("delivered in pieces").isGreaterThan(1);
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "audio:1", "done:1", "complete");
    }

    /** A streaming server's WAV: header with data size 0xFFFFFFFF (not known yet), then PCM. */
    private static Buffer streamedWav(short[] pcm, int rate) {
        byte[] wav = new PcmAudio(rate, pcm).toWav();
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, -1).putInt(40, -1);
        return new Buffer().write(wav);
    }

    @Test
    void chunkedWavReachesTheListenerWhileTheBodyIsStillArriving() throws Exception {
        short[] pcm = tone(32000, 4); // 2 s at 16 kHz, sent at 1x real time: 3200 bytes per 100 ms
        server.answer(text -> new MockResponse().setHeader("Content-Type", "audio/wav")
                .setChunkedBody(streamedWav(pcm, 16000), 1000).throttleBody(3200, 100, TimeUnit.MILLISECONDS));
        CountDownLatch firstAudio = new CountDownLatch(1);
        long[] firstAt = new long[1];
        RecordingTtsListener listener = new RecordingTtsListener() {
            @Override
            public void onAudio(TextChunk chunk, short[] samples, int sampleRate) {
                if (firstAudio.getCount() == 1) {
                    firstAt[0] = System.nanoTime();
                    firstAudio.countDown();
                }
                super.onAudio(chunk, samples, sampleRate);
            }
        };

        TtsStream stream = engine(2, Duration.ofSeconds(10)).open(REQUEST, listener);
        stream.send(new TextChunk(0, "好的，我们的分期还款有三种方案："));
        stream.finish();

        await(firstAudio);
        assertThat(listener.events).as("the chunk is not done when its first audio arrives").doesNotContain("done:0");
        assertThat(listener.awaitEnd()).isNull();
        long endAt = System.nanoTime();
        assertThat(Duration.ofNanos(endAt - firstAt[0])).as("first audio came long before the body ended")
                .isGreaterThan(Duration.ofMillis(1200));
        assertThat(listener.audio.get(0)).containsExactly(pcm);
        assertThat(listener.events.stream().filter("audio:0"::equals).count()).isGreaterThan(20);
    }

    @Test
    void badWavAndMpegAreNamed() throws Exception {
        server.answer(text -> switch (text) {
            case "一" -> new MockResponse().setHeader("Content-Type", "audio/wav")
                    .setBody(new Buffer().write(java.util.Arrays.copyOf(new PcmAudio(16000, tone(1000, 1)).toWav(), 1044)));
            default -> new MockResponse().setHeader("Content-Type", "audio/mpeg").setBody("ID3");
        });
        RecordingTtsListener truncated = new RecordingTtsListener();
        RecordingTtsListener mpeg = new RecordingTtsListener();

        TtsStream first = engine(2, Duration.ofSeconds(10)).open(REQUEST, truncated);
        first.send(new TextChunk(0, "一"));
        first.finish();
        TtsStream second = engine(2, Duration.ofSeconds(10)).open(REQUEST, mpeg);
        second.send(new TextChunk(0, "二"));
        second.finish();

        assertThat(truncated.awaitEnd()).hasMessageContaining("(chunk 0) sent a WAV that ended after 1000 of the 2000 data bytes");
        assertThat(truncated.audio.get(0)).hasSize(500);
        assertThat(mpeg.awaitEnd()).hasMessageContaining("sent unsupported content type audio/mpeg");
    }

    @Test
    void keepsOrderWhenALaterChunkAnswersFirst() throws Exception {
        CountDownLatch secondAnswered = new CountDownLatch(1);
        server.answer(text -> {
            if (text.equals("第一句很长。")) {
                try { // answer only after the second chunk's answer went out
                    secondAnswered.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return wav(tone(3200, 1), 16000);
            }
            secondAnswered.countDown();
            return wav(tone(800, 2), 16000);
        });
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine(2, Duration.ofSeconds(30)).open(REQUEST, listener);
        stream.send(new TextChunk(0, "第一句很长。"));
        stream.send(new TextChunk(1, "第二句。"));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "audio:1", "done:1", "complete");
        assertThat(listener.audio.get(0)).hasSize(3200);
        assertThat(listener.audio.get(1)).hasSize(800);
    }

    @Test
    void serverErrorFailsOnceAfterEarlierAudio() throws Exception {
        server.answer(text -> text.equals("好的。") ? wav(tone(800, 1), 16000)
                : new MockResponse().setResponseCode(500).setBody("{\"error\": \"model not loaded\"}"));
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine(2, Duration.ofSeconds(10)).open(REQUEST, listener);
        stream.send(new TextChunk(0, "好的。"));
        stream.send(new TextChunk(1, "您的账单是一千二百元。"));
        stream.finish();

        assertThat(listener.awaitEnd()).hasMessageContaining("HTTP 500").hasMessageContaining("model not loaded")
                .hasMessageContaining("chunk 1");
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "failure");
    }

    @Test
    void truncatedBodyFails() throws Exception {
        server.answer(text -> new MockResponse().setHeader("Content-Type", "audio/pcm;rate=8000")
                .setBody(raw(tone(8000, 1), ByteOrder.LITTLE_ENDIAN))
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine(2, Duration.ofSeconds(10)).open(REQUEST, listener);
        stream.send(new TextChunk(0, "您好。"));
        stream.finish();

        assertThat(listener.awaitEnd()).hasMessageContaining("connection failed");
        assertThat(listener.events).containsOnlyOnce("failure").doesNotContain("done:0", "complete");
    }

    @Test
    void slowServerTimesOut() throws Exception {
        server.answer(text -> wav(tone(800, 1), 16000).setHeadersDelay(2, TimeUnit.SECONDS));
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine(2, Duration.ofMillis(300)).open(REQUEST, listener);
        stream.send(new TextChunk(0, "您好。"));
        stream.finish();

        assertThat(listener.awaitEnd()).hasMessageContaining("timed out");
        assertThat(listener.events).containsExactly("failure");
    }

    @Test
    void unsupportedContentTypeFails() throws Exception {
        server.answer(text -> new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"audio\":\"...\"}"));
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine(2, Duration.ofSeconds(10)).open(REQUEST, listener);
        stream.send(new TextChunk(0, "您好。"));
        stream.finish();

        assertThat(listener.awaitEnd()).hasMessageContaining("unsupported content type application/json");
    }

    @Test
    void cancelCancelsTheHttpCalls() throws Exception {
        CountDownLatch bothArrived = new CountDownLatch(2);
        server.answer(text -> {
            bothArrived.countDown();
            server.hold();
            return wav(tone(800, 1), 16000);
        });
        CountDownLatch clientIdle = new CountDownLatch(1);
        client.dispatcher().setIdleCallback(clientIdle::countDown);
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine(2, Duration.ofSeconds(60)).open(REQUEST, listener);
        stream.send(new TextChunk(0, "一"));
        stream.send(new TextChunk(1, "二"));
        await(bothArrived);
        stream.cancel();

        await(clientIdle); // both calls ended long before the 60 s time-out: they were cancelled
        server.release();
        assertThat(listener.events).isEmpty();
    }
}
