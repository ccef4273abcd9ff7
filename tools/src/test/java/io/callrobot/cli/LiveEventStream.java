package io.callrobot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of the robot's {@code GET /api/live/events}: reads the server-sent event stream on a
 * thread of its own, parsing it as the WHATWG HTML event stream format says (fields until a blank
 * line; lines starting with a colon are comments), and hands each event to the test.
 */
final class LiveEventStream implements AutoCloseable {

    /** One dispatched event: its name, id and JSON data. */
    record Event(String name, String id, JsonNode data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;
    final HttpResponse<InputStream> response;
    volatile int comments;

    LiveEventStream(int httpPort) throws IOException, InterruptedException {
        response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/api/live/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        body = response.body();
        reader = Thread.ofPlatform().daemon().name("live-events-test").start(this::read);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, id, JSON.readTree(data.toString())));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // the stream was closed
        }
    }

    /** The next event matching {@code wanted}, skipping others; fails after {@code timeout}. */
    Event next(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no matching event within " + timeout);
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    static Predicate<Event> named(String name, String uuid) {
        return e -> e.name().equals(name) && (uuid == null || uuid.equals(e.data().path("uuid").asText()));
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
    }
}
