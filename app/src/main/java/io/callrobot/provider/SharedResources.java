package io.callrobot.provider;

import io.callrobot.nls.NlsConfig;
import io.callrobot.nls.NlsGateway;
import io.callrobot.nls.NlsTokens;
import io.callrobot.net.ws.WsClient;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * What the providers of one server share: one HTTP client (connections and threads), one NLS
 * gateway made when a provider first needs it (it may start minting tokens), one websocket client
 * for streaming audio (its event loops, made on first use), and the list of what is closed when the
 * server stops.
 */
public final class SharedResources {

    private final OkHttpClient http;
    private final NlsConfig nlsConfig;
    private final Consumer<AutoCloseable> closeAtStop;
    private NlsGateway nls;
    private WsClient websockets;

    /** @param closeAtStop takes what the server must close when it stops */
    public SharedResources(OkHttpClient http, NlsConfig nlsConfig, Consumer<AutoCloseable> closeAtStop) {
        this.http = http;
        this.nlsConfig = nlsConfig;
        this.closeAtStop = closeAtStop;
    }

    public OkHttpClient http() {
        return http;
    }

    /** The NLS gateway and its token source, made on the first call. */
    public synchronized NlsGateway nls() {
        if (nls == null) {
            nls = new NlsGateway(nlsConfig, own(NlsTokens.start(nlsConfig, http)), http);
        }
        return nls;
    }

    /**
     * The websocket client audio streams share (FunASR), made on the first call: its loops on as many
     * threads as cores, at most four, whatever the number of calls (docs/THREADS.md, "Platform threads").
     */
    public synchronized WsClient websockets() {
        if (websockets == null) {
            int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
            websockets = own(WsClient.forAudio("asr-ws", threads));
        }
        return websockets;
    }

    /** Closes {@code resource} when the server stops; returns it. */
    public <T extends AutoCloseable> T own(T resource) {
        closeAtStop.accept(resource);
        return resource;
    }
}
