package io.callrobot.asr.funasr;

import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrSocketEnd;
import io.callrobot.asr.AsrStream;
import io.callrobot.media.Resampler;
import io.callrobot.net.ws.WsConnection;
import io.callrobot.net.ws.WsHandshakeException;
import io.callrobot.net.ws.WsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's FunASR websocket. Audio is resampled to the server's rate if the call's differs, packed
 * into a reused stride buffer on the caller's thread and handed to the connection's event loop once
 * per stride (one message per 60 ms by default, so at most one per 20 ms media tick: each is flushed
 * as it is written); results arrive on that loop.
 *
 * <p>In {@code online} mode the server sends only pieces of text and never an offline result to
 * close an utterance (funasr_wss_server.py and websocket-server-2pass.cpp: online results only), so
 * the pieces are joined into the utterance's text from the call VAD's {@link #speechStarted} on, or
 * from a server's {@code slice_type: 0}, and a piece the server marks as its segment's last
 * ({@code is_final}, see {@link #online}) makes the utterance final. A piece of the previous utterance
 * that arrives after the caller has started speaking again is counted in the new one.
 */
final class FunAsrStream implements AsrStream, WsListener {

    private static final Logger log = LoggerFactory.getLogger(FunAsrStream.class);
    /** How long to wait for the server's last result after the end-of-audio flag. */
    private static final long FINISH_GRACE_MILLIS = 5000;

    private final FunAsrConfig config;
    private final AsrRequest request;
    private final AsrListener listener;
    private final AsrSocketEnd end;
    private final byte[] stride;
    private final StringBuilder utterance = new StringBuilder();
    private final FunAsrProtocol protocol;
    /** Null when the call's rate is the server's. */
    private final Resampler resampler;
    /** The resampler's output for one frame, reused: guarded by the stride lock. */
    private short[] converted = new short[0];
    private final boolean online;
    private volatile WsConnection socket;
    private int strideFill;
    /** The connection dropped a stride as backed up, and it was logged; guarded by the stride lock. */
    private boolean backedUpLogged;
    private volatile boolean finishing;
    /** Utterances the call's VAD has heard start (written on the audio thread, read on the event loop). */
    private volatile int utterancesStarted;
    /** The utterance {@link #utterance} holds the text of; event loop only. */
    private int utteranceShown;
    /** The server sent an online piece with {@code is_final: false}; event loop only. */
    private boolean isFinalMeansSegmentEnd;

    FunAsrStream(FunAsrConfig config, AsrRequest request, AsrListener listener, FunAsrProtocol protocol,
                 Resampler resampler) {
        this.config = config;
        this.request = request;
        this.listener = listener;
        this.end = new AsrSocketEnd(log, "FunASR", "FunASR server", config.url(), request, listener, failed -> { });
        this.protocol = protocol;
        this.resampler = resampler;
        this.online = config.mode().equals("online");
        this.stride = new byte[config.sampleRate() * config.strideMillis() / 1000 * 2];
    }

    /** The connection holds messages sent before the handshake completes, so the start message goes out first. */
    void start(WsConnection connection) {
        this.socket = connection;
        connection.sendText(protocol.start(config, request));
    }

    @Override
    public void send(short[] pcm, int offset, int length) {
        if (finishing || end.isDone()) {
            return;
        }
        synchronized (stride) {
            if (resampler == null) {
                pack(pcm, offset, length);
            } else {
                if (converted.length < resampler.outputFor(length)) {
                    converted = new short[resampler.outputFor(length)]; // grows once, to the frame size
                }
                pack(converted, 0, resampler.process(pcm, offset, length, converted));
            }
        }
    }

    /** Caller holds the stride lock. */
    private void pack(short[] pcm, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            short s = pcm[i];
            stride[strideFill++] = (byte) s; // 16-bit PCM little-endian
            stride[strideFill++] = (byte) (s >> 8);
            if (strideFill == stride.length) {
                flush();
            }
        }
    }

    @Override
    public void speechStarted() {
        utterancesStarted++; // only the audio thread writes it
    }

    /**
     * Caller holds the stride lock (this stream's own). A send refused while closing needs nothing: the
     * connection's end follows. One refused as backed up loses the stride: logged once per call.
     */
    private void flush() {
        if (strideFill > 0) {
            if (!socket.sendBinary(stride, 0, strideFill) && !backedUpLogged && socket.droppedFrames() > 0) {
                backedUpLogged = true;
                log.warn("call {}: FunASR connection backed up; dropping audio it cannot take", request.callId());
            }
            strideFill = 0;
        }
    }

    @Override
    public void finish() {
        synchronized (stride) {
            if (finishing || end.isDone()) {
                return;
            }
            finishing = true;
            if (resampler != null) {
                short[] tail = resampler.flush();
                pack(tail, 0, tail.length);
            }
            flush();
        }
        socket.sendText(FunAsrProtocol.END_OF_AUDIO);
        end.closeUnlessDoneAfter(FINISH_GRACE_MILLIS, this::closeSocket, "final result", "the end of audio");
    }

    @Override
    public void cancel() {
        end.abort(socket::cancel);
    }

    private void closeSocket() {
        socket.close(1000, "done");
    }

    /** The close, from a callback: {@link #socket} may not be set yet when the connection reports. */
    private static Runnable closing(WsConnection connection) {
        return () -> connection.close(1000, "done");
    }

    @Override
    public void onClosed(WsConnection connection, int code, String reason) {
        end.serverClosed(finishing, code, reason, closing(connection), connection::cancel);
    }

    @Override
    public void onFailure(WsConnection connection, Throwable cause) {
        String status = cause instanceof WsHandshakeException refused ? "HTTP " + refused.status() : "";
        end.connectionFailed(status, cause, connection::cancel);
    }

    @Override
    public void onText(WsConnection connection, String text) {
        if (end.isDone()) {
            return;
        }
        FunAsrProtocol.Result result;
        try {
            result = protocol.parse(text);
        } catch (IllegalArgumentException e) {
            end.fail("FunASR sent an unreadable result", e, connection::cancel);
            return;
        }
        if (result.error() != null) { // funasr_wss_server.py: the end acknowledgement names failed inference
            log.warn("call {}: FunASR server reported: {}", request.callId(), result.error());
        }
        if (result.isEnd()) { // funasr_wss_server.py: the acknowledgement of is_end is the session's last message
            endOnlineUtterance();
            end.close(closing(connection));
            return;
        }
        String mode = result.mode();
        if (mode == null) {
            if (!result.text().isEmpty()) { // websocket-server-2pass.cpp reports errors as mode-less text
                end.fail("FunASR server error: " + result.text(), null, connection::cancel);
                return;
            }
        } else if (mode.equals("2pass-online") || mode.equals("online")) {
            online(result);
        } else if (mode.equals("2pass-offline") || mode.equals("offline")) {
            utterance.setLength(0);
            if (!result.text().isEmpty()) {
                end.deliver(() -> listener.onFinal(result.text()));
            }
        } else {
            log.warn("call {}: FunASR result with unknown mode {} ignored", request.callId(), mode);
        }
        // websocket-server-2pass.cpp: after is_speaking=false the last message has is_final=true
        if (finishing && result.isFinal()) {
            endOnlineUtterance();
            end.close(closing(connection));
        }
    }

    /**
     * An online piece; the C++ runtime sends them as {@code 2pass-online} in online mode too. In online
     * mode a piece with {@code is_final} ends its utterance (funasr_wss_server.py since 2026-07: the last piece
     * at the server VAD's end point) once the server has shown it sends {@code is_final: false} for other
     * pieces: older funasr_wss_server.py sends {@code is_final = is_speaking}, true for every piece.
     */
    private void online(FunAsrProtocol.Result result) {
        // funasr_wss_client.py accumulates online pieces until the next offline result
        boolean newSentence = result.sliceType() == FunAsrProtocol.SENTENCE_START
                || online && utteranceShown != utterancesStarted;
        if (newSentence) {
            utteranceShown = utterancesStarted;
            utterance.setLength(0);
        }
        utterance.append(result.text());
        if (!utterance.isEmpty()) {
            String partial = utterance.toString(); // now: another thread may make a queued callback
            end.deliver(() -> listener.onPartial(partial));
        }
        if (!result.isFinal()) {
            isFinalMeansSegmentEnd = true;
        } else if (online && isFinalMeansSegmentEnd && !finishing) {
            endOnlineUtterance();
        }
    }

    /** Online mode: the pieces so far are the utterance's final text. */
    private void endOnlineUtterance() {
        if (online && !utterance.isEmpty()) {
            String last = utterance.toString();
            utterance.setLength(0);
            end.deliver(() -> listener.onFinal(last));
        }
    }
}
