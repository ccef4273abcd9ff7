package io.callrobot.asr.funasr;

import io.callrobot.asr.AsrEngine;
import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.media.Resampler;
import io.callrobot.media.ResamplerFactory;
import io.callrobot.net.ProviderJson;
import io.callrobot.net.QueuedWebSocket;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Speech recognition by a FunASR runtime server over its websocket protocol
 * (FunASR runtime/docs/websocket_protocol.md, client reference runtime/python/websocket/funasr_wss_client.py).
 * One websocket per call; audio is sent at {@link FunAsrConfig#sampleRate()} (resampled from the call's rate)
 * in strides of {@link FunAsrConfig#strideMillis()}.
 * {@code 2pass-online}/{@code online} results become {@link AsrListener#onPartial} (the utterance so far),
 * {@code 2pass-offline}/{@code offline} results become {@link AsrListener#onFinal}. In {@code online} mode
 * no offline result ever comes, so the utterance's text starts afresh when the call's VAD hears speech start.
 */
public final class FunAsrEngine implements AsrEngine {

    private final FunAsrConfig config;
    private final OkHttpClient client;
    private final FunAsrProtocol protocol = new FunAsrProtocol(ProviderJson.mapper());
    private final ResamplerFactory resamplers = new ResamplerFactory();

    public FunAsrEngine(FunAsrConfig config) {
        this(config, new OkHttpClient());
    }

    /** Shares {@code client}'s threads and connection pool; the config's connect time-out applies. */
    public FunAsrEngine(FunAsrConfig config, OkHttpClient client) {
        this.config = config;
        this.client = client.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    /**
     * Connects and starts streaming; a connection failure arrives as {@link AsrListener#onFailure}.
     *
     * @throws IllegalArgumentException if the call's rate cannot be converted to the server's
     */
    @Override
    public AsrStream open(AsrRequest request, AsrListener listener) {
        Resampler resampler = request.sampleRate() == config.sampleRate() ? null
                : resamplers.create(request.sampleRate(), config.sampleRate());
        FunAsrStream stream = new FunAsrStream(config, request, listener, protocol, resampler);
        Request http = new Request.Builder().url(config.url())
                .header("Sec-WebSocket-Protocol", "binary") // funasr_wss_client.py: subprotocols=["binary"]
                .build();
        // audio arrives on the media thread shared by every call: it only queues (QueuedWebSocket)
        stream.start(QueuedWebSocket.of(client.newWebSocket(http, stream), "funasr-send-" + request.callId()));
        return stream;
    }
}
