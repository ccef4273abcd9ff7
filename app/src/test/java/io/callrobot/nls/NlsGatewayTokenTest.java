package io.callrobot.nls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The websocket handshake carries the token {@link NlsTokens} hands out. */
class NlsGatewayTokenTest {

    private final MockWebServer tokenServer = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient();
    private FakeNlsServer gateway;

    @BeforeEach
    void start() throws Exception {
        tokenServer.start();
        gateway = new FakeNlsServer(1);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        tokenServer.shutdown();
    }

    private NlsConfig config(String token, Duration connectTimeout) {
        return new NlsConfig(gateway.url(), "app-1", token, "id-1", "secret-1", tokenServer.url("/").toString(),
                "cn-shanghai", connectTimeout);
    }

    @Test
    void theHandshakeCarriesTheMintedToken() throws Exception {
        long expires = Instant.now().plus(Duration.ofHours(24)).getEpochSecond();
        tokenServer.enqueue(new MockResponse().setBody("{\"Token\":{\"Id\":\"minted-1\",\"ExpireTime\":" + expires + "}}"));
        NlsConfig config = config(null, Duration.ofSeconds(10));
        try (NlsTokens tokens = NlsTokens.start(config, http)) {
            WebSocket socket = new NlsGateway(config, tokens, http).connect(new WebSocketListener() { });

            assertThat(gateway.handshake().getHeader("X-NLS-Token")).isEqualTo("minted-1");
            gateway.nextConnection();
            socket.close(1000, null);
        }
        assertThat(tokenServer.takeRequest(10, TimeUnit.SECONDS).getRequestUrl().queryParameter("Action"))
                .isEqualTo("CreateToken");
    }

    @Test
    void aGivenTokenWinsOverTheAccessKey() throws Exception {
        NlsConfig config = config("given-1", Duration.ofSeconds(10));
        try (NlsTokens tokens = NlsTokens.start(config, http)) {
            WebSocket socket = new NlsGateway(config, tokens, http).connect(new WebSocketListener() { });

            assertThat(gateway.handshake().getHeader("X-NLS-Token")).isEqualTo("given-1");
            gateway.nextConnection();
            socket.close(1000, null);
        }
        assertThat(tokenServer.getRequestCount()).isZero();
    }

    @Test
    void withoutATokenTheConnectionFailsNamingTheServiceError() throws Exception {
        tokenServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(404).setBody(
                        "{\"Code\":\"InvalidAccessKeyId.NotFound\",\"Message\":\"Specified access key is not found.\"}");
            }
        });
        NlsConfig config = config(null, Duration.ofMillis(500));
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        try (NlsTokens tokens = NlsTokens.start(config, http)) {
            tokenServer.takeRequest(10, TimeUnit.SECONDS); // the first attempt was made
            new NlsGateway(config, tokens, http).connect(new WebSocketListener() {
                @Override
                public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                    failure.complete(t);
                }
            });

            assertThat(failure.get(10, TimeUnit.SECONDS)).hasMessageContaining("no valid NLS token")
                    .hasMessageContaining("InvalidAccessKeyId.NotFound");
        }
    }
}
