package io.callrobot.asr.nls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrSocketListener;
import io.callrobot.asr.AsrStream;
import io.callrobot.nls.NlsProtocol;
import java.util.ArrayDeque;
import okhttp3.WebSocket;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's NLS transcription task. Audio is packed on the caller's thread into one
 * {@link ByteString} per {@link #send} and handed to okhttp's non-blocking queue; until the server
 * confirms the task (TranscriptionStarted) it is held in a bounded queue that drops the oldest audio.
 * Events arrive on okhttp's reader thread.
 */
final class NlsAsrStream extends AsrSocketListener implements AsrStream {

    private static final Logger log = LoggerFactory.getLogger(NlsAsrStream.class);
    // help.aliyun.com isi "WebSocket protocol" / nls/_speech_transcriber.py: namespace and command names
    static final String NAMESPACE = "SpeechTranscriber";

    private enum State { STARTING, STREAMING, STOPPING, DONE }

    private final NlsAsrConfig config;
    private final NlsProtocol protocol;
    private final String taskId = NlsProtocol.newId();
    private final int maxPendingBytes;
    /** Guards the state, the pending audio and the pack buffer; okhttp's send never blocks. */
    private final Object lock = new Object();
    private final ArrayDeque<ByteString> pending = new ArrayDeque<>();
    private State state = State.STARTING;
    private boolean finishRequested;
    private int pendingBytes;
    private long droppedBytes;
    private byte[] pack = new byte[640];
    private volatile WebSocket socket;

    NlsAsrStream(NlsAsrConfig config, AsrRequest request, AsrListener listener, NlsProtocol protocol, String url) {
        super("NLS", "NLS", url, request, listener);
        this.config = config;
        this.protocol = protocol;
        this.maxPendingBytes = (int) Math.max(2, request.sampleRate() * 2L * config.maxPendingAudio().toMillis() / 1000);
    }

    /** okhttp queues messages sent before the handshake completes, so StartTranscription goes out first. */
    void start(WebSocket webSocket) {
        this.socket = webSocket;
        webSocket.send(protocol.command(NAMESPACE, "StartTranscription", taskId, startPayload()));
    }

    /** help.aliyun.com isi "WebSocket protocol", StartTranscription payload; field names as in nlsRequestParamInfo.h (nls-cpp-sdk). */
    private ObjectNode startPayload() {
        ObjectNode payload = protocol.payload();
        payload.put("format", "pcm");
        payload.put("sample_rate", request.sampleRate());
        payload.put("enable_intermediate_result", config.intermediateResults());
        payload.put("enable_punctuation_prediction", config.punctuation());
        payload.put("enable_inverse_text_normalization", config.itn());
        payload.put("max_sentence_silence", config.maxSentenceSilence());
        if (!config.vocabularyId().isBlank()) {
            payload.put("vocabulary_id", config.vocabularyId().strip());
        }
        if (!config.customizationId().isBlank()) {
            payload.put("customization_id", config.customizationId().strip());
        }
        return payload;
    }

    @Override
    public void send(short[] pcm, int offset, int length) {
        if (length <= 0) {
            return;
        }
        synchronized (lock) {
            if (state == State.DONE || finishRequested) {
                return;
            }
            if (pack.length < length * 2) {
                pack = new byte[length * 2];
            }
            for (int i = 0; i < length; i++) {
                short s = pcm[offset + i];
                pack[2 * i] = (byte) s; // help.aliyun.com isi: 16-bit mono PCM, little-endian
                pack[2 * i + 1] = (byte) (s >> 8);
            }
            ByteString bytes = ByteString.of(pack, 0, length * 2);
            if (state == State.STREAMING) {
                socket.send(bytes); // a refused send means okhttp is closing; its listener call follows
                return;
            }
            pending.add(bytes);
            pendingBytes += bytes.size();
            while (pendingBytes > maxPendingBytes && pending.size() > 1) {
                ByteString oldest = pending.poll();
                pendingBytes -= oldest.size();
                if (droppedBytes == 0) {
                    log.warn("call {}: NLS task not started yet; dropping the oldest audio beyond {}",
                            request.callId(), config.maxPendingAudio());
                }
                droppedBytes += oldest.size();
            }
        }
    }

    @Override
    public void finish() {
        synchronized (lock) {
            if (state == State.DONE || finishRequested) {
                return;
            }
            finishRequested = true;
            if (state == State.STREAMING) {
                stop();
            }
        }
        closeUnlessDoneAfter(config.finishTimeout().toMillis(), socket, "TranscriptionCompleted", "finish");
    }

    /** Caller holds the lock. nls/_speech_transcriber.py stop(): StopTranscription carries only the header. */
    private void stop() {
        socket.send(protocol.command(NAMESPACE, "StopTranscription", taskId, null));
        state = State.STOPPING;
    }

    @Override
    public void cancel() {
        synchronized (lock) {
            state = State.DONE;
            pending.clear();
            pendingBytes = 0;
        }
        abort(socket);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        if (isDone()) {
            return;
        }
        NlsProtocol.Event event;
        try {
            event = protocol.parse(text);
        } catch (IllegalArgumentException e) {
            fail(webSocket, "NLS sent an unreadable event", e);
            return;
        }
        // help.aliyun.com isi "WebSocket protocol", "Events"; handlers as in nls/_speech_transcriber.py
        switch (event.name()) {
            case "TranscriptionStarted" -> started();
            case "TranscriptionResultChanged" -> {
                String partial = event.text("result");
                if (!partial.isEmpty()) {
                    deliver(() -> listener.onPartial(partial));
                }
            }
            case "SentenceEnd" -> {
                String sentence = event.text("result");
                if (!sentence.isEmpty()) {
                    deliver(() -> listener.onFinal(sentence));
                }
            }
            case "TranscriptionCompleted" -> close(webSocket);
            case "TaskFailed" -> fail(webSocket, "NLS task failed: status " + event.status() + " " + event.statusText(), null);
            case "SentenceBegin" -> { }
            default -> log.debug("call {}: NLS event {} ignored", request.callId(), event.name());
        }
    }

    /** The task is confirmed: held audio goes out in order, then StopTranscription if finish() came first. */
    private void started() {
        synchronized (lock) {
            if (state != State.STARTING) {
                return;
            }
            state = State.STREAMING;
            for (ByteString bytes = pending.poll(); bytes != null; bytes = pending.poll()) {
                socket.send(bytes);
            }
            pendingBytes = 0;
            if (finishRequested) {
                stop();
            }
        }
    }

    @Override
    protected boolean closeExpected() {
        synchronized (lock) {
            return state == State.STOPPING;
        }
    }

    @Override
    protected void ended(boolean failed) {
        synchronized (lock) {
            state = State.DONE;
            if (failed) {
                pending.clear();
            }
        }
    }
}
