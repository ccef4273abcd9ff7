package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.asr.RecordingAsrListener;
import io.callrobot.asr.funasr.FunAsrConfig;
import io.callrobot.asr.funasr.FunAsrEngine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.junit.jupiter.api.Test;

class FakeFunAsrServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RATE = 8000;

    private static FakeFunAsrServer.Settings fast() {
        return FakeFunAsrServer.Settings.defaults().withRecognitionLatency(Duration.ofMillis(20));
    }

    /** Silence, then speech-like sound, per utterance, then trailing silence, in 20 ms frames. */
    private static List<short[]> callerAudio(double... speechSeconds) {
        List<short[]> frames = new ArrayList<>();
        addSilence(frames, 0.3);
        for (double seconds : speechSeconds) {
            short[] speech = SpeechLikeSignal.render(seconds, RATE);
            for (int pos = 0; pos + 160 <= speech.length; pos += 160) {
                frames.add(Arrays.copyOfRange(speech, pos, pos + 160));
            }
            addSilence(frames, 0.8);
        }
        return frames;
    }

    private static void addSilence(List<short[]> frames, double seconds) {
        for (int i = 0; i < seconds * 50; i++) {
            frames.add(new short[160]);
        }
    }

    @Test
    void speaksTheFunAsrProtocolToAPlainWebsocketClient() throws Exception {
        try (FakeFunAsrServer server = new FakeFunAsrServer(fast()).start()) {
            BlockingQueue<String> messages = new LinkedBlockingQueue<>();
            WebSocket ws = new OkHttpClient().newWebSocket(new Request.Builder().url(server.url()).build(),
                    new WebSocketListener() {
                        @Override
                        public void onMessage(WebSocket webSocket, String text) {
                            messages.add(text);
                        }
                    });
            ws.send("{\"mode\":\"2pass\",\"wav_name\":\"call-9\",\"wav_format\":\"pcm\",\"is_speaking\":true,"
                    + "\"chunk_size\":[5,10,5],\"chunk_interval\":10,\"audio_fs\":8000,\"hotwords\":\"\",\"itn\":true}");
            List<short[]> frames = callerAudio(1.2);
            ByteBuffer bytes = ByteBuffer.allocate(frames.size() * 320).order(ByteOrder.LITTLE_ENDIAN);
            for (short[] f : frames) {
                for (short s : f) {
                    bytes.putShort(s);
                }
            }
            for (int pos = 0; pos < bytes.capacity(); pos += 960) {
                ws.send(ByteString.of(bytes.array(), pos, Math.min(960, bytes.capacity() - pos)));
            }
            ws.send("{\"is_speaking\":false}");

            List<JsonNode> received = new ArrayList<>();
            JsonNode m;
            do {
                String text = messages.poll(10, TimeUnit.SECONDS);
                assertThat(text).as("a result within 10 s").isNotNull();
                m = JSON.readTree(text);
                received.add(m);
                assertThat(m.get("wav_name").asText()).isEqualTo("call-9");
            } while (!m.get("is_final").asBoolean());
            ws.close(1000, null);

            JsonNode finalResult = received.get(received.size() - 2);
            assertThat(finalResult.get("mode").asText()).isEqualTo("2pass-offline");
            assertThat(finalResult.get("text").asText()).isEqualTo("我明天还款");
            assertThat(received.subList(0, received.size() - 2)).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.get("mode").asText()).isEqualTo("2pass-online"));
            assertThat(m.get("text").asText()).isEmpty();
            assertThat(m.has("mode")).isFalse();
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.audioBytes()).isEqualTo(bytes.capacity());
            assertThat(server.finals()).isEqualTo(1);
        }
    }

    @Test
    void funAsrEngineGetsPartialsAndQueuedFinalsEndToEnd() throws Exception {
        FakeFunAsrServer.Settings settings = fast().withTranscripts(List.of("你好"));
        try (FakeFunAsrServer server = new FakeFunAsrServer(settings).start()) {
            server.addTranscript("我想问一下账单");
            RecordingAsrListener listener = new RecordingAsrListener();
            FunAsrEngine engine = new FunAsrEngine(FunAsrConfig.defaults().withUrl(server.url()));
            AsrStream stream = engine.open(new AsrRequest("call-1", RATE, "zh-CN", List.of("账单")), listener);
            for (short[] frame : callerAudio(1.0, 1.5)) {
                stream.send(frame, 0, frame.length);
            }
            List<String> events = new ArrayList<>();
            while (events.stream().filter(e -> e.startsWith("final:")).count() < 2) {
                events.add(listener.next());
            }
            stream.finish();
            assertThat(listener.next()).isEqualTo("closed");

            assertThat(events).filteredOn(e -> e.startsWith("final:"))
                    .containsExactly("final:你好", "final:我想问一下账单");
            int firstFinal = events.indexOf("final:你好");
            assertThat(events.subList(0, firstFinal)).isNotEmpty().allSatisfy(e -> assertThat(e).isEqualTo("partial:你"));
            assertThat(events.subList(firstFinal + 1, events.size() - 1)).isNotEmpty()
                    .allSatisfy(e -> assertThat("final:我想问一下账单").startsWith(e.replace("partial:", "final:")));
            // the engine sends FunASR 16 kHz (asr.funasr.sampleRate): each 8 kHz frame of 320 bytes becomes 640
            assertThat(server.audioBytes()).isEqualTo(callerAudio(1.0, 1.5).size() * 320L * 16000 / RATE);
        }
    }

    @Test
    void droppedConnectionIsOneFailureForTheEngine() throws Exception {
        try (FakeFunAsrServer server = new FakeFunAsrServer(fast().withDropAfter(Duration.ofMillis(100))).start()) {
            RecordingAsrListener listener = new RecordingAsrListener();
            AsrStream stream = new FunAsrEngine(FunAsrConfig.defaults().withUrl(server.url()))
                    .open(new AsrRequest("call-2", RATE, "zh-CN", List.of()), listener);
            assertThat(listener.next()).startsWith("failure:").contains("call-2");
            stream.send(new short[160], 0, 160);
            stream.finish();
            assertThat(listener.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void finishDuringSpeechFlushesTheUtteranceAsTheLastResult() throws Exception {
        try (FakeFunAsrServer server = new FakeFunAsrServer(fast()).start()) {
            RecordingAsrListener listener = new RecordingAsrListener();
            AsrStream stream = new FunAsrEngine(FunAsrConfig.defaults().withUrl(server.url()))
                    .open(new AsrRequest("call-3", 16000, "zh-CN", List.of()), listener);
            short[] speech = SpeechLikeSignal.render(0.6, 16000);
            stream.send(new short[3200], 0, 3200);
            for (int pos = 0; pos + 320 <= speech.length; pos += 320) {
                stream.send(speech, pos, 320);
            }
            stream.finish();
            String event;
            do {
                event = listener.next();
            } while (event.startsWith("partial:"));
            assertThat(event).isEqualTo("final:我明天还款");
            assertThat(listener.next()).isEqualTo("closed");
        }
    }
}
