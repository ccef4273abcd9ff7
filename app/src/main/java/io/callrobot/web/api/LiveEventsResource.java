package io.callrobot.web.api;

import io.callrobot.ops.LiveCall;
import io.callrobot.ops.LiveCalls;
import io.callrobot.ops.live.LiveEvent;
import io.callrobot.ops.live.LiveEvents;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import io.callrobot.web.ApiUser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/live/events}: the calls in progress as a server-sent event stream. First a
 * {@code snapshot} event with every call in progress, then each call's events as they happen, named
 * by {@link LiveEvent#type()}, phone numbers masked for the reader. A subscriber that falls behind
 * has its stream ended; the browser reconnects and starts again from a fresh snapshot.
 */
final class LiveEventsResource {

    private static final Logger log = LoggerFactory.getLogger(LiveEventsResource.class);
    /** How long a wait for events lasts before the stream looks whether its client is still there. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** The browser's wait before it reconnects an ended stream, in milliseconds. */
    private static final int RETRY_MILLIS = 1000;

    private final LiveCalls calls;
    private final LiveEvents events;
    private final ApiJson json;
    private final long heartbeatNanos;
    private final LongSupplier nanoTime;

    LiveEventsResource(LiveCalls calls, LiveEvents events, ApiJson json, Duration heartbeat, LongSupplier nanoTime) {
        this.calls = calls;
        this.events = events;
        this.json = json;
        this.heartbeatNanos = heartbeat.toNanos();
        this.nanoTime = nanoTime;
    }

    void register(ApiRoutes routes) {
        routes.add("GET", "/api/live/events", this::stream);
    }

    private ApiResponse stream(ApiRequest request) {
        ApiUser user = request.user();
        // Cache-Control: a proxy must pass events on as they come, not store the stream
        return ApiResponse.streamed(200, "text/event-stream; charset=utf-8",
                Map.of("Cache-Control", "no-cache", "X-Accel-Buffering", "no"), out -> send(out, user));
    }

    private void send(OutputStream out, ApiUser user) throws IOException {
        // subscribed before the snapshot is taken: an event of the gap arrives after it, never lost
        try (LiveEvents.Subscription subscription = events.subscribe()) {
            List<LiveCall> now = calls.liveCalls().stream().map(c -> c.withNumbers(user::phone)).toList();
            long id = 0;
            // WHATWG HTML, "Server-sent events": "retry:" sets the reconnection time
            write(out, "retry: " + RETRY_MILLIS + "\n\n");
            event(out, ++id, "snapshot", Map.of("calls", now));
            long lastWrite = nanoTime.getAsLong();
            while (true) {
                LiveEvent event = subscription.next(POLL);
                if (event != null) {
                    event(out, ++id, event.type(), masked(event, user));
                    lastWrite = nanoTime.getAsLong();
                } else if (nanoTime.getAsLong() - lastWrite >= heartbeatNanos) {
                    // WHATWG HTML, "Server-sent events": a line starting with a colon is a comment, ignored by the
                    // browser; "sending a comment line every 15 seconds or so" keeps proxies from closing the stream
                    write(out, ":\n\n");
                    lastWrite = nanoTime.getAsLong();
                } else {
                    out.flush(); // sends nothing; fails once the client has gone
                }
            }
        } catch (LiveEvents.DroppedException e) {
            log.info("live event stream of {} ended: {}", user.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One event: WHATWG HTML, "Server-sent events", event stream format: {@code id:}, {@code event:} and
     * {@code data:} fields, a blank line dispatches it. JSON holds no raw line breaks, so one data line.
     */
    private void event(OutputStream out, long id, String name, Object data) throws IOException {
        write(out, "id: " + id + "\nevent: " + name + "\ndata: " + json.mapper.writeValueAsString(data) + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static LiveEvent masked(LiveEvent event, ApiUser user) {
        return event instanceof LiveEvent.Started s
                ? new LiveEvent.Started(s.uuid(), s.startedAtMillis(), s.direction(), s.flow(), s.campaignId(),
                        user.phone(s.caller()), user.phone(s.callee()))
                : event;
    }
}
