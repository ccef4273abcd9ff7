package io.callrobot.campaign.webhook;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhook POSTs asynchronously: {@link #send} returns at once, the request goes out on
 * okhttp's dispatcher, and a failure that may pass (a network error, 408, 429 or 5xx) is retried
 * after a delay that doubles from {@code firstRetry} up to {@code maxRetryDelay}, at most
 * {@code maxAttempts} times. Other 4xx answers are final. At most {@code maxPending} deliveries wait
 * at once; beyond that a delivery is dropped and logged, so a receiver that is down for hours costs
 * bounded memory.
 */
public final class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** How hard to try. */
    public record Policy(int maxAttempts, Duration firstRetry, Duration maxRetryDelay, int maxPending) {

        public Policy {
            if (maxAttempts < 1 || maxPending < 1 || !firstRetry.isPositive() || maxRetryDelay.compareTo(firstRetry) < 0) {
                throw new IllegalArgumentException("bad webhook policy " + this);
            }
        }

        /** 8 attempts over about 20 minutes (10 s doubling to 5 min), 10 000 waiting at most. */
        public static Policy defaults() {
            return new Policy(8, Duration.ofSeconds(10), Duration.ofMinutes(5), 10_000);
        }
    }

    /** How a delivery ended, for logs, metrics and tests. */
    public interface Outcomes {
        void delivered(String deliveryId, int attempts);

        void gaveUp(String deliveryId, int attempts, String why);
    }

    private final OkHttpClient client;
    private final Policy policy;
    private final ScheduledExecutorService timers;
    private final InstantSource clock;
    private final Outcomes outcomes;
    private final AtomicInteger pending = new AtomicInteger();

    public WebhookSender(OkHttpClient client, Policy policy, ScheduledExecutorService timers, InstantSource clock,
            Outcomes outcomes) {
        this.client = client;
        this.policy = policy;
        this.timers = timers;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    /**
     * Queues one delivery of {@code json} to {@code target}; false if {@code maxPending} are already
     * waiting (the delivery is dropped). {@code deliveryId} goes out as {@code X-CallRobot-Delivery}
     * on every attempt, so a receiver can ignore a repeat it already processed.
     */
    public boolean send(WebhookTarget target, String deliveryId, byte[] json) {
        if (pending.incrementAndGet() > policy.maxPending()) {
            pending.decrementAndGet();
            log.warn("webhook {} to {} dropped: {} deliveries already waiting", deliveryId, target.url(),
                    policy.maxPending());
            outcomes.gaveUp(deliveryId, 0, "too many deliveries waiting");
            return false;
        }
        attempt(target, deliveryId, json, 1);
        return true;
    }

    /** Deliveries not yet delivered or given up. */
    public int pending() {
        return pending.get();
    }

    private void attempt(WebhookTarget target, String deliveryId, byte[] json, int attempt) {
        long now = clock.instant().getEpochSecond();
        Request request = new Request.Builder().url(target.url())
                .header("User-Agent", "CallRobot")
                .header("X-CallRobot-Delivery", deliveryId)
                .header(WebhookSignature.HEADER, WebhookSignature.sign(target.secret(), now, json))
                .post(RequestBody.create(json, JSON))
                .build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                int code = response.code();
                response.close();
                if (code >= 200 && code < 300) {
                    pending.decrementAndGet();
                    outcomes.delivered(deliveryId, attempt);
                } else if (code == 408 || code == 429 || code >= 500) {
                    retry(target, deliveryId, json, attempt, "HTTP " + code);
                } else {
                    finalFailure(target, deliveryId, attempt, "HTTP " + code);
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                retry(target, deliveryId, json, attempt, e.toString());
            }
        });
    }

    private void retry(WebhookTarget target, String deliveryId, byte[] json, int attempt, String why) {
        if (attempt >= policy.maxAttempts()) {
            finalFailure(target, deliveryId, attempt, why);
            return;
        }
        long delay = Math.min(policy.maxRetryDelay().toMillis(), policy.firstRetry().toMillis() << Math.min(attempt - 1, 20));
        log.info("webhook {} to {} failed ({}); attempt {} in {} ms", deliveryId, target.url(), why, attempt + 1, delay);
        timers.schedule(() -> attempt(target, deliveryId, json, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    private void finalFailure(WebhookTarget target, String deliveryId, int attempt, String why) {
        pending.decrementAndGet();
        log.warn("webhook {} to {} given up after {} attempts: {}", deliveryId, target.url(), attempt, why);
        outcomes.gaveUp(deliveryId, attempt, why);
    }
}
