package io.callrobot.asr;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's FunASR websocket. Audio is packed into a reused stride buffer on the caller's thread and
 * handed to okhttp's non-blocking send queue once per stride; results arrive on okhttp's reader thread.
 */
final class FunAsrStream extends WebSocketListener implements AsrStream {

    private static final Logger log = LoggerFactory.getLogger(FunAsrStream.class);
    /** How long to wait for the server's last result after the end-of-audio flag. */
    private static final long FINISH_GRACE_MILLIS = 5000;

    private final FunAsrConfig config;
    private final AsrRequest request;
    private final AsrListener listener;
    private final byte[] stride;
    private final StringBuilder utterance = new StringBuilder();
    private final AtomicBoolean done = new AtomicBoolean();
    private final FunAsrProtocol protocol;
    private volatile WebSocket socket;
    private int strideFill;
    private volatile boolean finishing;

    FunAsrStream(FunAsrConfig config, AsrRequest request, AsrListener listener, FunAsrProtocol protocol) {
        this.config = config;
        this.protocol = protocol;
        this.request = request;
        this.listener = listener;
        this.stride = new byte[request.sampleRate() * config.strideMillis() / 1000 * 2];
    }

    /** okhttp queues messages sent before the handshake completes, so the start message goes out first. */
    void start(WebSocket socket) {
        this.socket = socket;
        socket.send(protocol.start(config, request));
    }

    @Override
    public void send(short[] pcm, int offset, int length) {
        if (finishing || done.get()) {
            return;
        }
        synchronized (stride) {
            for (int i = offset, end = offset + length; i < end; i++) {
                short s = pcm[i];
                stride[strideFill++] = (byte) s; // 16-bit PCM little-endian
                stride[strideFill++] = (byte) (s >> 8);
                if (strideFill == stride.length) {
                    flush();
                }
            }
        }
    }

    /** Caller holds the stride lock. A refused send means okhttp is closing the socket; its listener call follows. */
    private void flush() {
        if (strideFill > 0) {
            socket.send(ByteString.of(stride, 0, strideFill));
            strideFill = 0;
        }
    }

    @Override
    public void finish() {
        synchronized (stride) {
            if (finishing || done.get()) {
                return;
            }
            finishing = true;
            flush();
        }
        socket.send(FunAsrProtocol.END_OF_AUDIO);
        CompletableFuture.delayedExecutor(FINISH_GRACE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
            if (!done.get()) {
                log.info("call {}: FunASR sent no final result within {} ms of the end of audio",
                        request.callId(), FINISH_GRACE_MILLIS);
                close(socket);
            }
        });
    }

    @Override
    public void cancel() {
        if (done.compareAndSet(false, true)) {
            socket.cancel();
        }
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        if (done.get()) {
            return;
        }
        FunAsrProtocol.Result result;
        try {
            result = protocol.parse(text);
        } catch (IllegalArgumentException e) {
            fail(webSocket, "FunASR sent an unreadable result", e);
            return;
        }
        String mode = result.mode();
        if (mode == null) {
            if (!result.text().isEmpty()) { // websocket-server-2pass.cpp reports errors as mode-less text
                fail(webSocket, "FunASR server error: " + result.text(), null);
                return;
            }
        } else if (mode.equals("2pass-online") || mode.equals("online")) {
            // funasr_wss_client.py accumulates online pieces until the next offline result
            utterance.append(result.text());
            if (!utterance.isEmpty()) {
                deliver(() -> listener.onPartial(utterance.toString()));
            }
        } else if (mode.equals("2pass-offline") || mode.equals("offline")) {
            utterance.setLength(0);
            if (!result.text().isEmpty()) {
                deliver(() -> listener.onFinal(result.text()));
            }
        } else {
            log.warn("call {}: FunASR result with unknown mode {} ignored", request.callId(), mode);
        }
        // websocket-server-2pass.cpp: after is_speaking=false the last message has is_final=true
        if (finishing && result.isFinal()) {
            if (config.mode().equals("online") && !utterance.isEmpty()) {
                String last = utterance.toString();
                utterance.setLength(0);
                deliver(() -> listener.onFinal(last));
            }
            close(webSocket);
        }
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        log.debug("call {}: FunASR sent {} unexpected binary bytes", request.callId(), bytes.size());
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        serverClosed(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        serverClosed(webSocket, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        String where = response == null ? "" : " (HTTP " + response.code() + " " + response.message() + ")";
        fail(webSocket, "FunASR connection to " + config.url() + " failed" + where + ": " + t, t);
    }

    private void serverClosed(WebSocket webSocket, int code, String reason) {
        if (finishing) {
            close(webSocket);
        } else {
            fail(webSocket, "FunASR server closed the connection mid-call: " + code + " " + reason, null);
        }
    }

    private void close(WebSocket webSocket) {
        if (done.compareAndSet(false, true)) {
            webSocket.close(1000, "done");
            deliver(listener::onClosed);
        }
    }

    private void fail(WebSocket webSocket, String message, Throwable cause) {
        if (done.compareAndSet(false, true)) {
            webSocket.cancel();
            IOException error = new IOException("call " + request.callId() + ": " + message, cause);
            log.warn("{}", error.getMessage());
            deliver(() -> listener.onFailure(error));
        }
    }

    /** A throwing listener must not break the socket's reader thread. */
    private void deliver(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("call {}: ASR listener threw", request.callId(), e);
        }
    }
}
