package io.callrobot.nls;

import io.callrobot.net.QueuedWebSocket;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** Opens authenticated websockets to the NLS gateway; one per recognition or synthesis task. */
public final class NlsGateway {

    private final NlsConfig config;
    private final OkHttpClient client;

    /** With the token given in {@code config} (empty if none); shares {@code client}'s threads and connection pool. */
    public NlsGateway(NlsConfig config, OkHttpClient client) {
        this(config, NlsTokens.given(config.hasToken() ? config.token() : ""), client);
    }

    /**
     * With the current token of {@code tokens} at each handshake; shares {@code client}'s threads
     * and connection pool; the config's connect time-out applies to the connection and, again, to
     * waiting for a first token.
     */
    public NlsGateway(NlsConfig config, NlsTokens tokens, OkHttpClient client) {
        this(authenticated(config, tokens, client), config);
    }

    private NlsGateway(OkHttpClient authenticated, NlsConfig config) {
        this.config = config;
        this.client = authenticated;
    }

    private static OkHttpClient authenticated(NlsConfig config, NlsTokens tokens, OkHttpClient client) {
        // the header is added on okhttp's call thread, so a caller never waits for a token; a token
        // that cannot be had in time fails the handshake and reaches the listener's onFailure
        return client.newBuilder().connectTimeout(config.connectTimeout())
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        // alibabacloud-nls-python-sdk nls/_core.py: the token travels as the "X-NLS-Token" handshake header
                        .header("X-NLS-Token", tokens.await(config.connectTimeout()))
                        .build()))
                .build();
    }

    /**
     * Starts the handshake; okhttp queues messages sent before it completes and reports the outcome
     * to {@code listener}. Sending only queues ({@link QueuedWebSocket}): ASR audio is sent from the
     * media thread every call shares.
     */
    public WebSocket connect(WebSocketListener listener) {
        return QueuedWebSocket.of(client.newWebSocket(new Request.Builder().url(config.url()).build(), listener),
                "nls-send");
    }

    /**
     * The same Appkey, tokens and connections at another gateway, e.g. the Beijing one for streaming
     * synthesis while recognition stays in Shanghai; a blank {@code url} means this gateway.
     *
     * @throws IllegalArgumentException if {@code url} is not a ws:// or wss:// URL
     */
    public NlsGateway at(String url) {
        return url.isBlank() || url.equals(config.url()) ? this : new NlsGateway(client, config.withUrl(url));
    }

    public NlsConfig config() {
        return config;
    }
}
