package io.callrobot.nls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.callrobot.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NlsTokensTest {

    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MockWebServer tokenServer = new MockWebServer();
    private final ManualClock time = new ManualClock(START);
    private NlsTokens tokens;

    @BeforeEach
    void start() throws Exception {
        tokenServer.start();
        NlsConfig config = new NlsConfig("ws://127.0.0.1:1/ws/v1", "app-1", null, "id-1", "secret-1",
                tokenServer.url("/").toString(), "cn-shanghai", Duration.ofSeconds(5));
        CreateTokenClient service = new CreateTokenClient(config, new OkHttpClient(), time,
                () -> java.util.UUID.randomUUID().toString());
        tokens = NlsTokens.minted(service::create, time, time);
    }

    @AfterEach
    void stop() throws Exception {
        tokens.close();
        tokenServer.shutdown();
    }

    private static MockResponse token(String id, Instant expires) {
        return new MockResponse().setBody("{\"Token\":{\"Id\":\"" + id + "\",\"ExpireTime\":" + expires.getEpochSecond() + "}}");
    }

    private static MockResponse error(String code) {
        return new MockResponse().setResponseCode(400).setBody("{\"Code\":\"" + code + "\",\"Message\":\"no\"}");
    }

    @Test
    void renewsAtNinetyPercentOfTheLifeAndKeepsTheOldTokenUntilThen() throws Exception {
        tokenServer.enqueue(token("tok-1", START.plusSeconds(100)));
        tokenServer.enqueue(token("tok-2", START.plusSeconds(1090)));
        tokens.start();

        assertThat(tokens.await(WAIT)).isEqualTo("tok-1");
        renewalPlanned();
        time.advance(89_999, TimeUnit.MILLISECONDS);
        assertThat(tokenServer.getRequestCount()).isEqualTo(1);
        time.advance(1, TimeUnit.MILLISECONDS); // 90 s: 90 % of its life
        renewalPlanned(); // once tok-2 is in
        assertThat(tokens.await(WAIT)).isEqualTo("tok-2");
        assertThat(tokenServer.getRequestCount()).isEqualTo(2);
        time.advance(899_999, TimeUnit.MILLISECONDS);
        assertThat(tokenServer.getRequestCount()).isEqualTo(2);
        tokenServer.enqueue(token("tok-3", START.plusSeconds(2000)));
        time.advance(1, TimeUnit.MILLISECONDS); // 90 % of the 1000 s still left
        await().until(() -> tokenServer.getRequestCount() == 3);
    }

    @Test
    void aFailedRenewalIsRetriedWithBackOffWhileTheOldTokenServes() throws Exception {
        tokenServer.enqueue(token("tok-1", START.plusSeconds(100)));
        tokenServer.enqueue(error("Throttling"));
        tokenServer.enqueue(error("Throttling"));
        tokenServer.enqueue(token("tok-2", START.plusSeconds(1000)));
        tokens.start();
        assertThat(tokens.await(WAIT)).isEqualTo("tok-1");

        renewalPlanned();
        time.advance(90, TimeUnit.SECONDS);
        renewalPlanned(); // the renewal failed: a retry after FIRST_RETRY
        assertThat(tokens.await(WAIT)).isEqualTo("tok-1");
        time.advance(NlsTokens.FIRST_RETRY.toMillis() - 1, TimeUnit.MILLISECONDS);
        assertThat(tokenServer.getRequestCount()).isEqualTo(2);
        time.advance(1, TimeUnit.MILLISECONDS);
        renewalPlanned(); // failed again: twice as long
        assertThat(tokenServer.getRequestCount()).isEqualTo(3);
        time.advance(NlsTokens.FIRST_RETRY.multipliedBy(2).toMillis() - 1, TimeUnit.MILLISECONDS);
        assertThat(tokenServer.getRequestCount()).isEqualTo(3);
        time.advance(1, TimeUnit.MILLISECONDS);
        renewalPlanned();
        assertThat(tokens.await(WAIT)).isEqualTo("tok-2");
    }

    @Test
    void withNoValidTokenAWaitFailsNamingTheLastError() throws Exception {
        tokenServer.enqueue(error("InvalidAccessKeyId.NotFound"));
        tokens.start();
        renewalPlanned(); // the attempt failed and a retry is planned

        assertThatThrownBy(() -> tokens.await(Duration.ofMillis(50))).hasMessageContaining("no valid NLS token")
                .hasMessageContaining("InvalidAccessKeyId.NotFound");
    }

    @Test
    void anExpiredTokenIsNotHandedOut() throws Exception {
        tokenServer.enqueue(token("tok-1", START.plusSeconds(100)));
        tokens.start();
        assertThat(tokens.await(WAIT)).isEqualTo("tok-1");
        renewalPlanned();
        tokenServer.enqueue(error("Throttling")); // the renewal at 90 s fails

        time.advance(100, TimeUnit.SECONDS);
        assertThatThrownBy(() -> tokens.await(Duration.ofMillis(50))).hasMessageContaining("no valid NLS token");
    }

    @Test
    void aWaitingCallerGetsTheFirstTokenWhenItArrives() throws Exception {
        tokenServer.enqueue(token("tok-1", START.plusSeconds(100)).setBodyDelay(200, TimeUnit.MILLISECONDS));
        tokens.start();

        assertThat(tokens.await(WAIT)).isEqualTo("tok-1");
    }

    @Test
    void closingStopsRenewalAndWaiting() throws Exception {
        tokenServer.enqueue(token("tok-1", START.plusSeconds(100)));
        tokens.start();
        assertThat(tokens.await(WAIT)).isEqualTo("tok-1");
        renewalPlanned();
        tokens.close();

        time.advance(1, TimeUnit.HOURS);
        assertThat(tokenServer.getRequestCount()).isEqualTo(1);
        assertThatThrownBy(() -> tokens.await(WAIT)).hasMessageContaining("closed");
    }

    /** CreateToken answered (on okhttp's thread) and the next attempt is on the clock. */
    private void renewalPlanned() {
        await().until(() -> time.pending() == 1);
    }
}
