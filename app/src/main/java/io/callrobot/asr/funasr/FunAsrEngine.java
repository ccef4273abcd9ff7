package io.callrobot.asr.funasr;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.asr.AsrEngine;
import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.net.QueuedWebSocket;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Speech recognition by a FunASR runtime server over its websocket protocol
 * (FunASR runtime/docs/websocket_protocol.md, client reference runtime/python/websocket/funasr_wss_client.py).
 * One websocket per call; audio is sent in strides of {@link FunAsrConfig#strideMillis()}.
 * {@code 2pass-online}/{@code online} results become {@link AsrListener#onPartial} (the utterance so far),
 * {@code 2pass-offline}/{@code offline} results become {@link AsrListener#onFinal}.
 */
public final class FunAsrEngine implements AsrEngine {

    private final FunAsrConfig config;
    private final OkHttpClient client;
    private final FunAsrProtocol protocol = new FunAsrProtocol(new ObjectMapper());

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
     * @throws IllegalArgumentException if the sample rate is not 8000 or 16000 Hz, the rates the protocol supports
     */
    @Override
    public AsrStream open(AsrRequest request, AsrListener listener) {
        // websocket_protocol.md, "Sending Audio Data": 8000 (given as audio_fs) and 16000 are supported
        if (request.sampleRate() != 8000 && request.sampleRate() != 16000) {
            throw new IllegalArgumentException("FunASR accepts 8000 or 16000 Hz audio, not " + request.sampleRate());
        }
        FunAsrStream stream = new FunAsrStream(config, request, listener, protocol);
        Request http = new Request.Builder().url(config.url())
                .header("Sec-WebSocket-Protocol", "binary") // funasr_wss_client.py: subprotocols=["binary"]
                .build();
        // audio arrives on the media thread shared by every call: it only queues (QueuedWebSocket)
        stream.start(QueuedWebSocket.of(client.newWebSocket(http, stream), "funasr-send-" + request.callId()));
        return stream;
    }
}
