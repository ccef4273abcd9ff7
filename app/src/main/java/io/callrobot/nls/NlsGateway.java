package io.callrobot.nls;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** Opens authenticated websockets to the NLS gateway; one per recognition or synthesis task. */
public final class NlsGateway {

    private final NlsConfig config;
    private final OkHttpClient client;

    /** Shares {@code client}'s threads and connection pool; the config's connect time-out applies. */
    public NlsGateway(NlsConfig config, OkHttpClient client) {
        this.config = config;
        this.client = client.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    /** Starts the handshake; okhttp queues messages sent before it completes and reports the outcome to {@code listener}. */
    public WebSocket connect(WebSocketListener listener) {
        Request request = new Request.Builder().url(config.url())
                // alibabacloud-nls-python-sdk nls/_core.py: the token travels as the "X-NLS-Token" handshake header
                .header("X-NLS-Token", config.token() == null ? "" : config.token())
                .build();
        return client.newWebSocket(request, listener);
    }

    public NlsConfig config() {
        return config;
    }
}
