package io.callrobot.campaign.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {

    private static final Instant NOW = Instant.parse("2026-12-03T02:00:00Z");
    private static final byte[] BODY = "{\"result\":\"promised\",\"customer_name\":\"张三\"}".getBytes(StandardCharsets.UTF_8);

    private final MockWebServer receiver = new MockWebServer();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final WebhookSender.Outcomes record = new WebhookSender.Outcomes() {
        @Override
        public void delivered(String deliveryId, int attempts) {
            outcomes.add(deliveryId + " delivered after " + attempts);
        }

        @Override
        public void gaveUp(String deliveryId, int attempts, String why) {
            outcomes.add(deliveryId + " gave up after " + attempts + ": " + why);
        }
    };

    @BeforeEach
    void start() throws Exception {
        receiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        timers.shutdownNow();
        receiver.shutdown();
    }

    private WebhookSender sender(int maxAttempts, int maxPending) {
        return new WebhookSender(new OkHttpClient(),
                new WebhookSender.Policy(maxAttempts, Duration.ofMillis(10), Duration.ofMillis(40), maxPending),
                timers, InstantSource.fixed(NOW), record);
    }

    private WebhookTarget target() {
        return new WebhookTarget(receiver.url("/hook").toString(), "k3y");
    }

    @Test
    void theBodyIsSignedOverTimeAndBodySoTheReceiverCanCheckIt() throws Exception {
        receiver.enqueue(new MockResponse().setResponseCode(204));
        sender(3, 10).send(target(), "d-1", BODY);

        RecordedRequest request = receiver.takeRequest(10, TimeUnit.SECONDS);
        assertThat(request.getBody().readByteArray()).isEqualTo(BODY);
        assertThat(request.getHeader("X-CallRobot-Delivery")).isEqualTo("d-1");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        // what a receiver computes on its side, with the JDK's HMAC
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("k3y".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(
                (NOW.getEpochSecond() + "." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader(WebhookSignature.HEADER)).isEqualTo("t=" + NOW.getEpochSecond() + ",v1=" + expected);
        Awaitility.await().until(() -> outcomes.contains("d-1 delivered after 1"));
    }

    @Test
    void aServerErrorIsRetriedUntilDeliveredWithTheSameDeliveryId() throws Exception {
        receiver.enqueue(new MockResponse().setResponseCode(503));
        receiver.enqueue(new MockResponse().setResponseCode(429));
        receiver.enqueue(new MockResponse().setResponseCode(200));
        WebhookSender sender = sender(5, 10);
        sender.send(target(), "d-2", BODY);

        Awaitility.await().until(() -> outcomes.contains("d-2 delivered after 3"));
        assertThat(receiver.getRequestCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(receiver.takeRequest().getHeader("X-CallRobot-Delivery")).isEqualTo("d-2");
        }
        assertThat(sender.pending()).isZero();
    }

    @Test
    void aClientErrorIsFinalAndRetriesStopAtMaxAttempts() {
        receiver.enqueue(new MockResponse().setResponseCode(400));
        for (int i = 0; i < 3; i++) {
            receiver.enqueue(new MockResponse().setResponseCode(500));
        }
        WebhookSender sender = sender(3, 10);
        sender.send(target(), "bad", BODY);
        Awaitility.await().until(() -> outcomes.contains("bad gave up after 1: HTTP 400"));
        sender.send(target(), "down", BODY);

        Awaitility.await().until(() -> outcomes.contains("down gave up after 3: HTTP 500"));
        assertThat(receiver.getRequestCount()).isEqualTo(4);
        assertThat(sender.pending()).isZero();
    }

    @Test
    void beyondMaxPendingADeliveryIsDroppedNotQueued() {
        // the receiver answers nothing until the test ends: every delivery stays pending
        receiver.enqueue(new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.NO_RESPONSE));
        WebhookSender sender = sender(1, 1);

        assertThat(sender.send(target(), "first", BODY)).isTrue();
        assertThat(sender.send(target(), "second", BODY)).isFalse();
        assertThat(outcomes).containsExactly("second gave up after 0: too many deliveries waiting");
    }
}
