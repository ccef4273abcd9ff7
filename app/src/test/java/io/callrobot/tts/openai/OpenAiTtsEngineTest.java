package io.callrobot.tts.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.tts.ChunkTtsServer;
import io.callrobot.tts.RecordingTtsListener;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiTtsEngineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TtsRequest REQUEST = new TtsRequest("call-1", "en-US", null, null, 1.0);

    private final OkHttpClient client = new OkHttpClient();
    private ChunkTtsServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ChunkTtsServer("input");
    }

    @AfterEach
    void stop() throws Exception {
        client.dispatcher().executorService().shutdownNow();
        server.close();
    }

    private OpenAiTtsEngine engine(String baseUrl, boolean warmUp) {
        return new OpenAiTtsEngine(new OpenAiTtsConfig(baseUrl, "sk-test", "gpt-4o-mini-tts", "alloy",
                "Speak in a {emotion} tone.", 24000, 2, warmUp, Duration.ofSeconds(5), Duration.ofSeconds(30)), client);
    }

    private OpenAiTtsEngine engine() {
        return engine(server.url("/v1").toString(), false);
    }

    /** Answers each speech request by its input text, and the warm-up's model list. */
    private void answer(Function<String, MockResponse> byText) {
        server.answer(request -> request.getPath().endsWith("/audio/speech"),
                () -> new MockResponse().setBody("{\"object\":\"list\",\"data\":[]}"), byText);
    }

    private static short[] tone(int samples, int seed) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) ((i * 37 + seed * 1001) % 20000 - 10000);
        }
        return pcm;
    }

    private static byte[] littleEndian(short[] pcm) {
        byte[] bytes = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        return bytes;
    }

    private static MockResponse pcm(short[] samples) {
        return new MockResponse().setHeader("Content-Type", "audio/pcm").setBody(new Buffer().write(littleEndian(samples)));
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void postsTheDocumentedJsonWithTheKey() throws Exception {
        short[] audio = tone(2400, 1);
        answer(text -> pcm(audio));
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine().open(new TtsRequest("call-1", "en-US", "coral", "cheerful", 5.0), listener);
        stream.send(new TextChunk(0, "Hello, Mr. Smith."));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.audio.get(0)).containsExactly(audio);
        assertThat(listener.rates.get(0)).isEqualTo(24000);
        RecordedRequest recorded = server.requests.get("Hello, Mr. Smith.");
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getPath()).isEqualTo("/v1/audio/speech");
        assertThat(recorded.getHeader("Authorization")).isEqualTo("Bearer sk-test");
        assertThat(recorded.getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = MAPPER.readTree(recorded.getBody().readUtf8());
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini-tts");
        assertThat(body.get("voice").asText()).isEqualTo("coral");
        assertThat(body.get("response_format").asText()).isEqualTo("pcm");
        assertThat(body.get("speed").asDouble()).as("clamped to OpenAI's 4.0").isEqualTo(4.0);
        assertThat(body.get("instructions").asText()).isEqualTo("Speak in a cheerful tone.");
    }

    @Test
    void noInstructionsWithoutAnEmotionAndTheDefaultVoice() throws Exception {
        answer(text -> pcm(tone(100, 1)));
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine().open(REQUEST, listener);
        stream.send(new TextChunk(0, "Hi."));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        JsonNode body = MAPPER.readTree(server.requests.get("Hi.").getBody().readUtf8());
        assertThat(body.get("voice").asText()).isEqualTo("alloy");
        assertThat(body.get("speed").asDouble()).isEqualTo(1.0);
        assertThat(body.has("instructions")).isFalse();
    }

    @Test
    void pcmIsDeliveredBeforeTheBodyEnds() throws Exception {
        short[] first = tone(4800, 1);
        short[] second = tone(4800, 2);
        CountDownLatch heard = new CountDownLatch(1);
        RecordingTtsListener listener = new RecordingTtsListener() {
            @Override
            public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
                super.onAudio(chunk, pcm, sampleRate);
                heard.countDown();
            }
        };
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> serveInTwoHalves(socket, littleEndian(first), littleEndian(second), heard));
            TtsStream stream = engine("http://127.0.0.1:" + socket.getLocalPort() + "/v1", false).open(REQUEST, listener);
            stream.send(new TextChunk(0, "A long sentence."));
            stream.finish();

            await(heard); // the server sends the second half only after this
            assertThat(listener.terminal).isNotDone();
            assertThat(listener.awaitEnd()).isNull();
        }
        short[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        assertThat(listener.audio.get(0)).containsExactly(all);
    }

    /** A one-shot HTTP/1.1 server answering with a chunked body whose second half waits for {@code heard}. */
    private static void serveInTwoHalves(ServerSocket server, byte[] first, byte[] second, CountDownLatch heard) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                head.write(in.read());
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1).toLowerCase();
            int at = headers.indexOf("content-length:");
            int length = Integer.parseInt(headers.substring(at + 15, headers.indexOf("\r\n", at)).trim());
            in.readNBytes(length);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            writeChunk(out, first);
            out.flush();
            heard.await(20, TimeUnit.SECONDS);
            writeChunk(out, second);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (Exception e) {
            // the client side reports what went wrong
        }
    }

    private static void writeChunk(OutputStream out, byte[] data) throws java.io.IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void serverErrorFailsWithItsMessage() throws Exception {
        answer(text -> text.equals("Fine.") ? pcm(tone(800, 1))
                : new MockResponse().setResponseCode(500).setBody("{\"error\": {\"message\": \"overloaded\"}}"));
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine().open(REQUEST, listener);
        stream.send(new TextChunk(0, "Fine."));
        stream.send(new TextChunk(1, "Your bill is due."));
        stream.finish();

        assertThat(listener.awaitEnd()).hasMessageContaining("HTTP 500").hasMessageContaining("overloaded")
                .hasMessageContaining("chunk 1");
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "failure");
    }

    @Test
    void truncatedBodyFails() throws Exception {
        answer(text -> pcm(tone(24000, 1)).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine().open(REQUEST, listener);
        stream.send(new TextChunk(0, "Hello."));
        stream.finish();

        assertThat(listener.awaitEnd()).hasMessageContaining("connection failed");
        assertThat(listener.events).containsOnlyOnce("failure").doesNotContain("done:0", "complete");
    }

    @Test
    void jsonInsteadOfAudioFails() throws Exception {
        answer(text -> new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"error\":\"bad voice\"}"));
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine().open(REQUEST, listener);
        stream.send(new TextChunk(0, "Hello."));
        stream.finish();

        assertThat(listener.awaitEnd()).hasMessageContaining("instead of audio").hasMessageContaining("bad voice");
    }

    @Test
    void keepsOrderWhileTheNextChunkIsRequestedAhead() throws Exception {
        CountDownLatch secondRequested = new CountDownLatch(1);
        answer(text -> {
            if (text.equals("First, a long one.")) {
                try { // answer only once the second chunk was requested: both are in flight
                    secondRequested.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return pcm(tone(4800, 1));
            }
            secondRequested.countDown();
            return pcm(tone(1200, 2));
        });
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine().open(REQUEST, listener);
        stream.send(new TextChunk(0, "First, a long one."));
        stream.send(new TextChunk(1, "Second."));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "audio:1", "done:1", "complete");
        assertThat(listener.audio.get(0)).containsExactly(tone(4800, 1));
        assertThat(listener.audio.get(1)).containsExactly(tone(1200, 2));
    }

    @Test
    void cancelCancelsTheRequests() throws Exception {
        CountDownLatch bothArrived = new CountDownLatch(2);
        answer(text -> {
            bothArrived.countDown();
            server.hold();
            return pcm(tone(800, 1));
        });
        CountDownLatch clientIdle = new CountDownLatch(1);
        client.dispatcher().setIdleCallback(clientIdle::countDown);
        RecordingTtsListener listener = new RecordingTtsListener();

        TtsStream stream = engine().open(REQUEST, listener);
        stream.send(new TextChunk(0, "One."));
        stream.send(new TextChunk(1, "Two."));
        await(bothArrived);
        stream.cancel();

        await(clientIdle); // both calls ended long before the 30 s read time-out: they were cancelled
        server.release();
        assertThat(listener.events).isEmpty();
    }

    @Test
    void warmUpOpensTheConnectionTheFirstSpeechRequestReuses() throws Exception {
        answer(text -> pcm(tone(100, 1)));
        OpenAiTtsEngine engine = engine(server.url("/v1").toString(), true);
        RecordedRequest warm = server.takeRequest();
        assertThat(warm.getMethod()).isEqualTo("GET");
        assertThat(warm.getPath()).isEqualTo("/v1/models");
        // the warm-up answer is read and its connection pooled
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.connectionPool().idleConnectionCount() > 0);
        assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(1);

        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine.open(REQUEST, listener);
        stream.send(new TextChunk(0, "Hi."));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        RecordedRequest speech = server.takeRequest();
        assertThat(speech.getPath()).isEqualTo("/v1/audio/speech");
        assertThat(speech.getSequenceNumber()).as("second request on the warmed connection").isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(2);
    }
}
