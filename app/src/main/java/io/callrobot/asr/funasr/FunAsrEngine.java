package io.callrobot.asr.funasr;

import io.callrobot.asr.AsrEngine;
import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.media.Resampler;
import io.callrobot.media.ResamplerFactory;
import io.callrobot.net.ProviderJson;
import io.callrobot.net.ws.WsClient;
import java.net.URI;

/**
 * Speech recognition by a FunASR runtime server over its websocket protocol
 * (FunASR runtime/docs/websocket_protocol.md, client reference runtime/python/websocket/funasr_wss_client.py).
 * One websocket per call, on the server's shared {@link WsClient}; audio is sent at
 * {@link FunAsrConfig#sampleRate()} (resampled from the call's rate) in strides of {@link FunAsrConfig#strideMillis()}.
 * {@code 2pass-online}/{@code online} results become {@link AsrListener#onPartial} (the utterance so far),
 * {@code 2pass-offline}/{@code offline} results become {@link AsrListener#onFinal}. In {@code online} mode
 * no offline result ever comes, so the utterance's text starts afresh when the call's VAD hears speech start.
 */
public final class FunAsrEngine implements AsrEngine {

    private final FunAsrConfig config;
    private final WsClient client;
    private final FunAsrProtocol protocol = new FunAsrProtocol(ProviderJson.mapper());
    private final ResamplerFactory resamplers = new ResamplerFactory();

    /** With a websocket client of its own: one loop thread, never closed (for tools and tests). */
    public FunAsrEngine(FunAsrConfig config) {
        this(config, WsClient.forAudio("funasr-ws", 1));
    }

    /** Shares {@code client}'s event loops; the config's connect time-out applies. */
    public FunAsrEngine(FunAsrConfig config, WsClient client) {
        this.config = config;
        this.client = client;
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
        // funasr_wss_client.py: subprotocols=["binary"]
        stream.start(client.connect(URI.create(config.url()), "binary", config.connectTimeout(), stream));
        return stream;
    }
}
