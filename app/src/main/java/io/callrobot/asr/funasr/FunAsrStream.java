package io.callrobot.asr.funasr;

import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrSocketListener;
import io.callrobot.asr.AsrStream;
import io.callrobot.media.Resampler;
import okhttp3.WebSocket;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's FunASR websocket. Audio is resampled to the server's rate if the call's differs, packed
 * into a reused stride buffer on the caller's thread and handed to okhttp's non-blocking send queue
 * once per stride; results arrive on okhttp's reader thread.
 *
 * <p>In {@code online} mode the server sends only pieces of text and never an offline result to
 * close an utterance (funasr_wss_server.py and websocket-server-2pass.cpp: online results only), so
 * the pieces are joined into the utterance's text from the call VAD's {@link #speechStarted} on, or
 * from a server's {@code slice_type: 0}, and a piece the server marks as its segment's last
 * ({@code is_final}, see {@link #online}) makes the utterance final. A piece of the previous utterance
 * that arrives after the caller has started speaking again is counted in the new one.
 */
final class FunAsrStream extends AsrSocketListener implements AsrStream {

    private static final Logger log = LoggerFactory.getLogger(FunAsrStream.class);
    /** How long to wait for the server's last result after the end-of-audio flag. */
    private static final long FINISH_GRACE_MILLIS = 5000;

    private final FunAsrConfig config;
    private final byte[] stride;
    private final StringBuilder utterance = new StringBuilder();
    private final FunAsrProtocol protocol;
    /** Null when the call's rate is the server's. */
    private final Resampler resampler;
    /** The resampler's output for one frame, reused: guarded by the stride lock. */
    private short[] converted = new short[0];
    private final boolean online;
    private volatile WebSocket socket;
    private int strideFill;
    private volatile boolean finishing;
    /** Utterances the call's VAD has heard start (written on the audio thread, read on the reader thread). */
    private volatile int utterancesStarted;
    /** The utterance {@link #utterance} holds the text of; reader thread only. */
    private int utteranceShown;
    /** The server sent an online piece with {@code is_final: false}; reader thread only. */
    private boolean isFinalMeansSegmentEnd;

    FunAsrStream(FunAsrConfig config, AsrRequest request, AsrListener listener, FunAsrProtocol protocol,
                 Resampler resampler) {
        super("FunASR", "FunASR server", config.url(), request, listener);
        this.config = config;
        this.protocol = protocol;
        this.resampler = resampler;
        this.online = config.mode().equals("online");
        this.stride = new byte[config.sampleRate() * config.strideMillis() / 1000 * 2];
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
            if (resampler != null) {
                short[] tail = resampler.flush();
                pack(tail, 0, tail.length);
            }
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
        if (result.error() != null) { // funasr_wss_server.py: the end acknowledgement names failed inference
            log.warn("call {}: FunASR server reported: {}", request.callId(), result.error());
        }
        if (result.isEnd()) { // funasr_wss_server.py: the acknowledgement of is_end is the session's last message
            endOnlineUtterance();
            close(webSocket);
            return;
        }
        String mode = result.mode();
        if (mode == null) {
            if (!result.text().isEmpty()) { // websocket-server-2pass.cpp reports errors as mode-less text
                fail(webSocket, "FunASR server error: " + result.text(), null);
                return;
            }
        } else if (mode.equals("2pass-online") || mode.equals("online")) {
            online(result);
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
            endOnlineUtterance();
            close(webSocket);
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
            deliver(() -> listener.onPartial(partial));
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
            deliver(() -> listener.onFinal(last));
        }
    }

    @Override
    protected boolean closeExpected() {
        return finishing;
    }
}
