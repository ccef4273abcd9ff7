package io.callrobot.asr.openai;

import static io.callrobot.concurrent.OtherThread.returnsOnAnotherThread;
import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.asr.RecordingAsrListener;
import io.callrobot.media.PcmAudio;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OpenAiAsrEngineTest {

    private static final int RATE = 8000;
    private static final int FRAME = RATE / 50;

    private final MockWebServer server = new MockWebServer();
    private final RecordingAsrListener listener = new RecordingAsrListener();
    private final OkHttpClient http = new OkHttpClient();
    /** Every request the server saw, parsed. */
    private final BlockingQueue<Upload> uploads = new LinkedBlockingQueue<>();

    /** One parsed multipart request: its form fields, the WAV's samples and the Authorization header. */
    record Upload(String path, Map<String, String> fields, String fileName, String fileType, PcmAudio audio,
                  String authorization) {
        /** The value every sample of this utterance's speech frames carries (see {@link #speak}). */
        int marker() {
            return audio.samples()[audio.samples().length - 1];
        }
    }

    @BeforeEach
    void start() throws IOException {
        http.dispatcher().setMaxRequestsPerHost(16); // okhttp allows 5 by default; the robot's client allows one per call and more
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
        http.dispatcher().executorService().shutdownNow();
    }

    private OpenAiAsrEngine engine(OpenAiAsrConfig config) {
        return new OpenAiAsrEngine(config, http);
    }

    private OpenAiAsrConfig config() {
        return new OpenAiAsrConfig(server.url("/v1").toString(), "sensevoice-small", "sk-test", "", "", 400, 30,
                Duration.ofSeconds(20), 3);
    }

    private AsrStream open(OpenAiAsrConfig config) {
        return engine(config).open(new AsrRequest("call-1", RATE, "zh-CN", List.of("账单", "还款")), listener);
    }

    /** Answers each upload with {@code reply(upload)}, after recording it. */
    private void answer(Function<Upload, MockResponse> reply) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Upload upload = parse(request);
                uploads.add(upload);
                return reply.apply(upload);
            }
        });
    }

    private static MockResponse text(String text) {
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"text\":\"" + text + "\"}");
    }

    /** {@code frames} 20 ms frames whose samples all equal {@code value}. */
    private static void send(AsrStream stream, int frames, int value) {
        short[] frame = new short[FRAME];
        java.util.Arrays.fill(frame, (short) value);
        for (int i = 0; i < frames; i++) {
            stream.send(frame, 0, FRAME);
        }
    }

    /** One utterance as the call would cut it: 100 ms before the VAD is sure, then the rest, then the edge. */
    private static void speak(AsrStream stream, int frames, int marker) {
        send(stream, 5, marker);
        stream.speechStarted();
        send(stream, frames - 5, marker);
        stream.speechEnded();
    }

    @Test
    void postsTheUtteranceAsAMultipartFormWithThePreRollFirst() throws Exception {
        answer(u -> text("我想查一下账单"));
        AsrStream stream = open(config());
        short[] frame = new short[FRAME];
        for (int n = 0; n < 50; n++) { // one second before the VAD was sure, frame n holds n + 1
            java.util.Arrays.fill(frame, (short) (n + 1));
            stream.send(frame, 0, FRAME);
        }
        stream.speechStarted();
        for (int n = 50; n < 75; n++) {
            java.util.Arrays.fill(frame, (short) (n + 1));
            stream.send(frame, 0, FRAME);
        }
        stream.speechEnded();
        send(stream, 10, 999); // after the end: not part of the utterance

        assertThat(listener.next()).isEqualTo("final:我想查一下账单");
        Upload upload = uploads.poll(10, TimeUnit.SECONDS);
        assertThat(upload.path()).isEqualTo("/v1/audio/transcriptions");
        assertThat(upload.authorization()).isEqualTo("Bearer sk-test");
        assertThat(upload.fields()).containsEntry("model", "sensevoice-small").containsEntry("language", "zh")
                .containsEntry("response_format", "json").containsEntry("prompt", "账单, 还款");
        assertThat(upload.fileName()).endsWith(".wav");
        assertThat(upload.fileType()).isEqualTo("audio/wav");
        assertThat(upload.audio().sampleRate()).isEqualTo(RATE);
        short[] samples = upload.audio().samples();
        // 400 ms of pre-roll = frames 30..49 (values 31..50), then frames 50..74 (values 51..75)
        assertThat(samples).hasSize(45 * FRAME);
        for (int f = 0; f < 45; f++) {
            assertThat(samples[f * FRAME]).as("frame %d", f).isEqualTo((short) (31 + f));
            assertThat(samples[f * FRAME + FRAME - 1]).isEqualTo((short) (31 + f));
        }
    }

    @Test
    @Timeout(30)
    void aListenerMayFinishFromAnotherThreadWhileItsCallbackRuns() throws Exception {
        answer(u -> text("我想查一下账单"));
        AtomicReference<AsrStream> opened = new AtomicReference<>();
        CompletableFuture<Boolean> finishedElsewhere = new CompletableFuture<>();
        RecordingAsrListener finishing = new RecordingAsrListener() {
            @Override
            public void onFinal(String text) {
                super.onFinal(text);
                // the results lock is not held during a callback, so finish() on another thread returns
                finishedElsewhere.complete(returnsOnAnotherThread(() -> opened.get().finish()));
                events.add("onFinal returns");
            }
        };
        AsrStream stream = engine(config()).open(new AsrRequest("call-1", RATE, "zh-CN", List.of()), finishing);
        opened.set(stream);
        speak(stream, 25, 7);

        assertThat(finishedElsewhere.get()).isTrue();
        assertThat(finishing.next()).isEqualTo("final:我想查一下账单");
        assertThat(finishing.next()).isEqualTo("onFinal returns");
        assertThat(finishing.next()).as("onClosed waits for onFinal to return").isEqualTo("closed");
        assertThat(finishing.nextQuickly()).isNull();
    }

    @Test
    void resultsKeepUtteranceOrderWhenAnswersArriveOutOfOrder() throws Exception {
        CountDownLatch anAnswerReceived = new CountDownLatch(1);
        answer(u -> {
            if (u.marker() == 1) {
                await(anAnswerReceived); // the first utterance is answered only after the client has the second's answer
            }
            return text("第" + u.marker() + "句");
        });
        OkHttpClient watching = http.newBuilder().addInterceptor(chain -> {
            okhttp3.Response response = chain.proceed(chain.request());
            response.peekBody(Long.MAX_VALUE); // the whole answer is on the client's side
            anAnswerReceived.countDown();
            return response;
        }).build();
        AsrStream stream = new OpenAiAsrEngine(config(), watching)
                .open(new AsrRequest("call-2", RATE, "zh-CN", List.of()), listener);
        speak(stream, 20, 1);
        speak(stream, 20, 2);
        assertThat(listener.next()).isEqualTo("final:第1句");
        assertThat(listener.next()).isEqualTo("final:第2句");
    }

    @Test
    void manyOverlappingUtterancesAreDeliveredInOrder() throws Exception {
        CountDownLatch allArrived = new CountDownLatch(6);
        answer(u -> {
            allArrived.countDown();
            await(allArrived); // all six are in flight together
            return text("第" + u.marker() + "句").setBodyDelay(7 - u.marker(), TimeUnit.MILLISECONDS);
        });
        AsrStream stream = open(config());
        for (int u = 1; u <= 6; u++) {
            speak(stream, 15, u);
        }
        for (int u = 1; u <= 6; u++) {
            assertThat(listener.next()).isEqualTo("final:第" + u + "句");
        }
        stream.finish();
        assertThat(listener.next()).isEqualTo("closed");
    }

    @Test
    void aServerErrorOnOneUtteranceIsSkippedAndTheNextStillArrives() throws Exception {
        answer(u -> u.marker() == 1 ? new MockResponse().setResponseCode(503).setBody("busy") : text("第" + u.marker() + "句"));
        OpenAiAsrEngine engine = engine(config());
        AsrStream stream = engine.open(new AsrRequest("call-3", RATE, "zh-CN", List.of()), listener);
        speak(stream, 20, 1);
        speak(stream, 20, 2);
        assertThat(listener.next()).isEqualTo("final:第2句");
        assertThat(engine.failedUtterances()).isEqualTo(1);
        stream.finish();
        assertThat(listener.next()).isEqualTo("closed");
    }

    @Test
    void aTimedOutUtteranceIsSkipped() throws Exception {
        answer(u -> u.marker() == 1 ? new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE) : text("好的"));
        OpenAiAsrConfig c = config();
        OpenAiAsrEngine engine = engine(new OpenAiAsrConfig(c.baseUrl(), c.model(), null, "", "", 400, 30,
                Duration.ofMillis(500), 3));
        AsrStream stream = engine.open(new AsrRequest("call-4", RATE, "zh-CN", List.of()), listener);
        speak(stream, 20, 1);
        speak(stream, 20, 2);
        assertThat(listener.next()).isEqualTo("final:好的");
        assertThat(engine.failedUtterances()).isEqualTo(1);
        assertThat(uploads.poll(10, TimeUnit.SECONDS).authorization()).isNull();
    }

    @Test
    void unauthorizedFailsTheStream() throws Exception {
        answer(u -> new MockResponse().setResponseCode(401).setBody("{\"error\":{\"message\":\"bad key\"}}"));
        AsrStream stream = open(config());
        speak(stream, 20, 1);
        assertThat(listener.next()).startsWith("failure:").contains("401").contains("bad key");
        speak(stream, 20, 2);
        stream.finish();
        assertThat(listener.nextQuickly()).as("nothing after the failure").isNull();
    }

    @Test
    void consecutiveFailuresFailTheStream() throws Exception {
        answer(u -> new MockResponse().setResponseCode(500));
        AsrStream stream = open(config());
        for (int u = 1; u <= 3; u++) {
            speak(stream, 20, u);
        }
        assertThat(listener.next()).startsWith("failure:").contains("3 utterances in a row");
    }

    @Test
    void emptyTranscriptsDeliverNothing() throws Exception {
        answer(u -> u.marker() == 1 ? text("") : text("喂"));
        AsrStream stream = open(config());
        speak(stream, 20, 1);
        speak(stream, 20, 2);
        assertThat(listener.next()).isEqualTo("final:喂");
    }

    @Test
    void longSpeechIsCutAtTheMaximumAndSentInPieces() throws Exception {
        answer(u -> text("片段"));
        OpenAiAsrConfig c = config();
        AsrStream stream = open(new OpenAiAsrConfig(c.baseUrl(), c.model(), null, "", "", 400, 1, c.timeout(), 3));
        short[] frame = new short[FRAME];
        int n = 0;
        for (; n < 20; n++) { // 400 ms before the VAD was sure
            java.util.Arrays.fill(frame, (short) n);
            stream.send(frame, 0, FRAME);
        }
        stream.speechStarted();
        for (; n < 20 + 110; n++) { // 2.2 s more
            java.util.Arrays.fill(frame, (short) n);
            stream.send(frame, 0, FRAME);
        }
        stream.speechEnded();
        Map<Integer, Upload> byFirstSample = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            Upload u = uploads.poll(10, TimeUnit.SECONDS);
            byFirstSample.put((int) u.audio().samples()[0], u);
        }
        // 2.6 s of audio in 1 s pieces: frames 0-49, 50-99, 100-129, in order and without a gap
        assertThat(byFirstSample.keySet()).containsExactlyInAnyOrder(0, 50, 100);
        assertThat(byFirstSample.get(0).audio().samples()).hasSize(RATE);
        assertThat(byFirstSample.get(50).audio().samples()).hasSize(RATE);
        assertThat(byFirstSample.get(100).audio().samples()).hasSize(30 * FRAME);
        assertThat(byFirstSample.get(50).audio().samples()[RATE - 1]).isEqualTo((short) 99);
        for (int i = 0; i < 3; i++) {
            assertThat(listener.next()).isEqualTo("final:片段");
        }
    }

    @Test
    void finishSendsTheOpenUtteranceAndClosesAfterItsAnswer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        answer(u -> {
            await(release);
            return text("最后一句");
        });
        AsrStream stream = open(config());
        send(stream, 5, 1);
        stream.speechStarted();
        send(stream, 20, 1);
        stream.finish(); // the caller hung up mid-sentence
        assertThat(uploads.poll(10, TimeUnit.SECONDS).audio().samples()).hasSize(25 * FRAME);
        assertThat(listener.events).isEmpty();
        release.countDown();
        assertThat(listener.next()).isEqualTo("final:最后一句");
        assertThat(listener.next()).isEqualTo("closed");
    }

    @Test
    void finishWithoutSpeechClosesAtOnce() throws Exception {
        AsrStream stream = open(config());
        send(stream, 50, 7);
        stream.finish();
        assertThat(listener.next()).isEqualTo("closed");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void cancelDropsTheRequestInFlightAndNothingFollows() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        answer(u -> {
            await(release);
            return text("不该听到");
        });
        AsrStream stream = open(config());
        speak(stream, 20, 1);
        uploads.poll(10, TimeUnit.SECONDS);
        stream.cancel();
        stream.cancel(); // idempotent
        release.countDown();
        Awaitility.await("the cancelled call to end").until(() -> http.dispatcher().runningCallsCount() == 0);
        speak(stream, 20, 2);
        stream.finish();
        assertThat(listener.nextQuickly()).isNull();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    private static Upload parse(RecordedRequest request) {
        Map<String, String> fields = new HashMap<>();
        String fileName = null;
        String fileType = null;
        PcmAudio audio = null;
        String boundary = MediaType.get(request.getHeader("Content-Type")).parameter("boundary");
        try (MultipartReader reader = new MultipartReader(request.getBody(), boundary)) {
            MultipartReader.Part part;
            while ((part = reader.nextPart()) != null) {
                String disposition = part.headers().get("Content-Disposition");
                String name = disposition.replaceAll(".*\\bname=\"([^\"]*)\".*", "$1");
                Buffer body = new Buffer();
                part.body().readAll(body);
                if (disposition.contains("filename=")) {
                    fileName = disposition.replaceAll(".*filename=\"([^\"]*)\".*", "$1");
                    fileType = part.headers().get("Content-Type");
                    audio = PcmAudio.fromWav(body.readByteArray());
                    assertThat(name).isEqualTo("file");
                } else {
                    fields.put(name, body.readUtf8());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Upload(request.getPath(), fields, fileName, fileType, audio, request.getHeader("Authorization"));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
