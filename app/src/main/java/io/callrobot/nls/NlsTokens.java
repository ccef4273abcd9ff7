package io.callrobot.nls;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import io.callrobot.time.CallClock;
import io.callrobot.time.SystemCallClock;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out the NLS access token: the given one if {@link NlsConfig#token()} is set, otherwise
 * one minted from the AccessKey ({@code CreateToken}) and minted again in the background when
 * {@value #REFRESH_PERCENT}% of its life is over. A failed attempt is logged and retried with
 * back-off while the current token stays in use until it expires. A token is only read when a
 * websocket is opened, so connections already open are never touched by a renewal.
 */
public final class NlsTokens implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NlsTokens.class);
    /** A new token is minted when this share of the current one's life has passed (21.6 h of 24 h). */
    static final int REFRESH_PERCENT = 90;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);

    private final String given;
    private final Supplier<CompletableFuture<NlsToken>> minter;
    private final InstantSource clock;
    private final CallClock timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private NlsToken current;
    private String lastError;
    private Duration nextRetry = FIRST_RETRY;
    private boolean closed;

    private NlsTokens(String given, Supplier<CompletableFuture<NlsToken>> minter, InstantSource clock, CallClock timer) {
        this.given = given;
        this.minter = minter;
        this.clock = clock;
        this.timer = timer;
    }

    /** Always {@code token}. */
    static NlsTokens given(String token) {
        return new NlsTokens(token, null, InstantSource.system(), null);
    }

    /**
     * Mints with {@code minter}, reads expiry times against {@code clock}, waits with {@code timer}
     * (closed with this if it is {@link AutoCloseable}); call {@link #start()}.
     */
    static NlsTokens minted(Supplier<CompletableFuture<NlsToken>> minter, InstantSource clock, CallClock timer) {
        return new NlsTokens(null, minter, clock, timer);
    }

    /**
     * The tokens {@code config} calls for: its given token if set, else tokens minted from its
     * AccessKey at {@link NlsConfig#tokenUrl()} through {@code client}; minting starts at once.
     *
     * @throws IllegalArgumentException if neither a token nor a whole AccessKey is set
     */
    public static NlsTokens start(NlsConfig config, OkHttpClient client) {
        if (config.hasToken()) {
            return given(config.token());
        }
        if (!config.hasAccessKey()) {
            throw new IllegalArgumentException("NLS needs a token or an AccessKey ID and secret");
        }
        CreateTokenClient service = new CreateTokenClient(config, client, InstantSource.system(),
                () -> UUID.randomUUID().toString());
        return minted(service::create, InstantSource.system(), new SystemCallClock("nls-token")).start();
    }

    /** Sends the first CreateToken request (no-op for a given token). */
    NlsTokens start() {
        if (minter != null) {
            mint();
        }
        return this;
    }

    /**
     * A token that is valid now, waiting up to {@code timeout} if there is none yet (before the
     * first one is minted, or after the last one expired while renewal kept failing).
     *
     * @throws IOException if none became valid in time; the message carries the last CreateToken error
     */
    public String await(Duration timeout) throws IOException {
        if (given != null) {
            return given;
        }
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new IOException("NLS tokens are closed");
                }
                if (current != null && clock.instant().isBefore(current.expireTime())) {
                    return current.id();
                }
                if (left <= 0) {
                    throw new IOException("no valid NLS token within " + timeout
                            + (lastError == null ? "" : "; last attempt: " + lastError));
                }
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an NLS token", e);
        } finally {
            lock.unlock();
        }
    }

    private void mint() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
        } finally {
            lock.unlock();
        }
        CompletableFuture<NlsToken> attempt;
        try {
            attempt = minter.get();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete(this::minted);
    }

    private void minted(NlsToken token, Throwable error) {
        Instant now = clock.instant();
        if (error == null && !token.expireTime().isAfter(now)) {
            error = new IOException("CreateToken answered a token that expired at " + token.expireTime()
                    + ", before now (" + now + "): check the system clock");
        }
        if (error != null) {
            failed(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error, now);
            return;
        }
        Duration life = Duration.between(now, token.expireTime());
        Duration renewIn = life.multipliedBy(REFRESH_PERCENT).dividedBy(100);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            current = token;
            lastError = null;
            nextRetry = FIRST_RETRY;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.info("NLS token minted, valid until {}; renewed in {}", token.expireTime(), renewIn);
        timer.schedule(this::mint, renewIn.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void failed(Throwable error, Instant now) {
        Duration retryIn;
        NlsToken still;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            lastError = error.getMessage();
            retryIn = nextRetry;
            nextRetry = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
            still = current != null && now.isBefore(current.expireTime()) ? current : null;
        } finally {
            lock.unlock();
        }
        log.warn("NLS token not minted: {}; retrying in {}{}", error.getMessage(), retryIn,
                still == null ? "; no valid token meanwhile" : "; the current token is valid until " + still.expireTime());
        timer.schedule(this::mint, retryIn.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops renewing; waiting callers fail. */
    @Override
    public void close() {
        if (given != null) {
            return;
        }
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (timer instanceof AutoCloseable owned) {
            try {
                owned.close();
            } catch (Exception e) {
                log.debug("NLS token timer did not close cleanly: {}", e.toString());
            }
        }
    }
}
