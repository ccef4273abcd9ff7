package io.callrobot.tts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A local server for request-per-chunk TTS engines: answers each request by the chunk text in one
 * field of its JSON body and keeps the requests by that text. Answers blocked in {@link #hold()} go
 * on at {@link #release()} or {@link #close()}, so that no server thread outlives a test.
 */
public final class ChunkTtsServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    /** Each answered request by its chunk text. */
    public final Map<String, RecordedRequest> requests = new ConcurrentHashMap<>();
    private final String textField;
    private final CountDownLatch release = new CountDownLatch(1);

    /** A started server reading the chunk text from {@code textField}. */
    public ChunkTtsServer(String textField) throws IOException {
        this.textField = textField;
        server.start();
    }

    public HttpUrl url(String path) {
        return server.url(path);
    }

    /** The next request in arrival order, waiting up to 20 s. */
    public RecordedRequest takeRequest() throws InterruptedException {
        return server.takeRequest(20, TimeUnit.SECONDS);
    }

    public int requestCount() {
        return server.getRequestCount();
    }

    /** Answers each request by its chunk text; requests that are not {@code speech} get {@code other}. */
    public void answer(Predicate<RecordedRequest> speech, Supplier<MockResponse> other, Function<String, MockResponse> byText) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (!speech.test(request)) {
                    return other.get();
                }
                try {
                    String text = MAPPER.readTree(request.getBody().clone().readUtf8()).get(textField).asText();
                    requests.put(text, request);
                    return byText.apply(text);
                } catch (Exception e) {
                    return new MockResponse().setResponseCode(400).setBody(e.toString());
                }
            }
        });
    }

    /** Answers every request by its chunk text. */
    public void answer(Function<String, MockResponse> byText) {
        answer(request -> true, null, byText);
    }

    /** Blocks a server thread until {@link #release()}; for answers that must stay in flight. */
    public void hold() {
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void release() {
        release.countDown();
    }

    @Override
    public void close() throws IOException {
        release();
        server.shutdown();
    }
}
