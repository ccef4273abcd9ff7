package io.callrobot.asr.funasr;

import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrSocketListener;
import io.callrobot.asr.AsrStream;
import okhttp3.WebSocket;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's FunASR websocket. Audio is packed into a reused stride buffer on the caller's thread and
 * handed to okhttp's non-blocking send queue once per stride; results arrive on okhttp's reader thread.
 */
final class FunAsrStream extends AsrSocketListener implements AsrStream {

    private static final Logger log = LoggerFactory.getLogger(FunAsrStream.class);
    /** How long to wait for the server's last result after the end-of-audio flag. */
    private static final long FINISH_GRACE_MILLIS = 5000;

    private final FunAsrConfig config;
    private final byte[] stride;
    private final StringBuilder utterance = new StringBuilder();
    private final FunAsrProtocol protocol;
    private volatile WebSocket socket;
    private int strideFill;
    private volatile boolean finishing;

    FunAsrStream(FunAsrConfig config, AsrRequest request, AsrListener listener, FunAsrProtocol protocol) {
        super("FunASR", "FunASR server", config.url(), request, listener);
        this.config = config;
        this.protocol = protocol;
        this.stride = new byte[request.sampleRate() * config.strideMillis() / 1000 * 2];
    }

    /** okhttp queues messages sent before the handshake completes, so the start message goes out first. */
    void start(WebSocket socket) {
        this.socket = socket;
        socket.send(protocol.start(config, request));
    }

    @Override
    public void send(short[] pcm, int offset, int length) {
        if (finishing || isDone()) {
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
            if (finishing || isDone()) {
                return;
            }
            finishing = true;
            flush();
        }
        socket.send(FunAsrProtocol.END_OF_AUDIO);
        closeUnlessDoneAfter(FINISH_GRACE_MILLIS, socket, "final result", "the end of audio");
    }

    @Override
    public void cancel() {
        abort(socket);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        if (isDone()) {
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
                String partial = utterance.toString(); // now: another thread may make a queued callback
                deliver(() -> listener.onPartial(partial));
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
    protected boolean closeExpected() {
        return finishing;
    }
}
