package io.callrobot.tts.nls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.concurrent.CallbackQueue;
import io.callrobot.nls.NlsProtocol;
import io.callrobot.tts.PcmStreamDecoder;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reply as one NLS {@code FlowingSpeechSynthesizer} task: StartSynthesis, a RunSynthesis per
 * chunk once SynthesisStarted arrived, StopSynthesis on {@link #finish()}; binary frames are PCM.
 * Audio is attributed to chunks by {@link NlsSentenceAttribution}. Listener callbacks are decided
 * under the stream's lock and made on okhttp's reader thread after it is released (through a
 * {@link CallbackQueue}), so a listener may call back into the stream; a callback already under way
 * when {@link #cancel()} is called from another thread may still complete.
 */
final class NlsTtsStream extends WebSocketListener implements TtsStream {

    private static final Logger log = LoggerFactory.getLogger(NlsTtsStream.class);
    // help.aliyun.com isi streaming-text-tts-wss: header.namespace is fixed to FlowingSpeechSynthesizer
    static final String NAMESPACE = "FlowingSpeechSynthesizer";

    private enum State { STARTING, STARTED, STOPPING, ENDED }

    private final String callId;
    private final TtsListener listener;
    private final NlsProtocol protocol;
    private final ObjectNode startPayload;
    private final int sampleRate;
    private final String url;
    private final String taskId = NlsProtocol.newId();
    /** Guards the state below; listener callbacks are queued under it and made after it is released. */
    private final ReentrantLock lock = new ReentrantLock();
    private final CallbackQueue callbacks = new CallbackQueue(this::listenerThrew);
    private final ArrayDeque<TextChunk> unsent = new ArrayDeque<>();
    private final NlsSentenceAttribution chunks = new NlsSentenceAttribution();
    private final PcmStreamDecoder decoder = new PcmStreamDecoder(false); // format pcm: 16-bit little-endian
    private State state = State.STARTING;
    private boolean finishing;
    private volatile WebSocket socket;

    NlsTtsStream(String callId, TtsListener listener, NlsProtocol protocol, ObjectNode startPayload, int sampleRate,
                 String url) {
        this.callId = callId;
        this.listener = listener;
        this.protocol = protocol;
        this.startPayload = startPayload;
        this.sampleRate = sampleRate;
        this.url = url;
    }

    /** Sends StartSynthesis; on a connection still opening, okhttp sends it once the handshake completes. */
    void start(WebSocket webSocket) {
        socket = webSocket;
        webSocket.send(protocol.command(NAMESPACE, "StartSynthesis", taskId, startPayload));
    }

    @Override
    public void send(TextChunk chunk) {
        lock.lock();
        try {
            if (state == State.ENDED) {
                return;
            }
            if (finishing) {
                log.warn("call {}: NLS TTS chunk {} sent after finish() is ignored", callId, chunk.index());
                return;
            }
            chunks.add(chunk);
            if (state == State.STARTED) {
                run(chunk);
            } else {
                unsent.add(chunk);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. help.aliyun.com isi streaming-text-tts-wss: RunSynthesis payload {text}. */
    private void run(TextChunk chunk) {
        if (NlsSentenceAttribution.expectedSentences(chunk.text()) == 0) {
            return; // nothing to speak: the service is not asked, the chunk finishes in order
        }
        ObjectNode payload = protocol.payload();
        payload.put("text", chunk.text());
        socket.send(protocol.command(NAMESPACE, "RunSynthesis", taskId, payload));
    }

    @Override
    public void finish() {
        lock.lock();
        try {
            if (state == State.ENDED || finishing) {
                return;
            }
            finishing = true;
            if (state == State.STARTED) {
                stop();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. The service synthesises what it holds, then sends SynthesisCompleted. */
    private void stop() {
        socket.send(protocol.command(NAMESPACE, "StopSynthesis", taskId, null));
        state = State.STOPPING;
    }

    @Override
    public void cancel() {
        lock.lock();
        try {
            if (state == State.ENDED) {
                return;
            }
            state = State.ENDED;
            callbacks.clear();
        } finally {
            lock.unlock();
        }
        socket.cancel();
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        NlsProtocol.Event event;
        try {
            event = protocol.parse(text);
        } catch (IllegalArgumentException e) {
            fail(webSocket, "NLS sent an unreadable event: " + e.getMessage(), e);
            return;
        }
        boolean failed = false;
        lock.lock();
        try {
            if (state == State.ENDED) {
                return;
            }
            // help.aliyun.com isi streaming-text-tts-wss events; nls/stream_input_tts.py __response_handler__
            switch (event.name()) {
                case "SynthesisStarted" -> started();
                case "SentenceEnd" -> chunkDone(chunks.sentenceEnded());
                case "SynthesisCompleted" -> completed(webSocket);
                case "TaskFailed" -> failed = endWithFailure("NLS task failed: status " + event.status() + " "
                        + event.statusText(), null);
                case "SentenceBegin", "SentenceSynthesis" -> { }
                default -> log.debug("call {}: NLS TTS event {} ignored", callId, event.name());
            }
        } finally {
            lock.unlock();
        }
        callbacks.drain();
        if (failed) {
            webSocket.cancel();
        }
    }

    /** Caller holds the lock: the chunks queued meanwhile go out in order, then StopSynthesis if finish() came first. */
    private void started() {
        if (state != State.STARTING) {
            return;
        }
        state = State.STARTED;
        for (TextChunk chunk = unsent.poll(); chunk != null; chunk = unsent.poll()) {
            run(chunk);
        }
        if (finishing) {
            stop();
        }
    }

    /** Caller holds the lock. */
    private void completed(WebSocket webSocket) {
        chunkDone(chunks.finishAll());
        state = State.ENDED;
        callbacks.add(listener::onComplete);
        webSocket.close(1000, "done");
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        lock.lock();
        try {
            if (state == State.ENDED) {
                return;
            }
            chunkDone(chunks.settle());
            TextChunk chunk = chunks.head();
            short[] pcm = decoder.decode(bytes.toByteArray(), bytes.size());
            if (chunk == null) {
                log.warn("call {}: NLS sent {} bytes of audio with no chunk open; dropped", callId, bytes.size());
            } else if (pcm.length > 0) {
                callbacks.add(() -> listener.onAudio(chunk, pcm, sampleRate));
            }
        } finally {
            lock.unlock();
        }
        callbacks.drain();
    }

    /** Caller holds the lock. */
    private void chunkDone(List<TextChunk> done) {
        for (TextChunk chunk : done) {
            callbacks.add(() -> listener.onChunkDone(chunk));
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        fail(webSocket, "NLS closed the connection mid-reply: " + code + " " + reason, null);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        fail(webSocket, "NLS closed the connection mid-reply: " + code + " " + reason, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        String where = response == null ? "" : " (HTTP " + response.code() + " " + response.message() + ")";
        fail(webSocket, "NLS connection to " + url + " failed" + where + ": " + t, t);
    }

    /** Ends with onFailure, then drops the connection. */
    private void fail(WebSocket webSocket, String message, Throwable cause) {
        boolean failed;
        lock.lock();
        try {
            failed = endWithFailure(message, cause);
        } finally {
            lock.unlock();
        }
        if (failed) {
            callbacks.drain();
            webSocket.cancel();
        }
    }

    /** Caller holds the lock. Queues onFailure unless the stream ended; true if so: cancel the socket after unlocking. */
    private boolean endWithFailure(String message, Throwable cause) {
        if (state == State.ENDED) {
            return false;
        }
        state = State.ENDED;
        IOException error = new IOException("call " + callId + ": " + message, cause);
        log.warn("{}", error.getMessage());
        callbacks.add(() -> listener.onFailure(error));
        return true;
    }

    /**
     * A listener callback threw, on the reader thread: the callbacks after it are dropped and the stream
     * cancelled, instead of breaking that thread.
     */
    private void listenerThrew(RuntimeException e) {
        boolean cancelled;
        lock.lock();
        try {
            cancelled = state != State.ENDED;
            state = State.ENDED;
            callbacks.clear();
        } finally {
            lock.unlock();
        }
        if (cancelled) {
            log.error("call {}: TTS listener threw; stream cancelled", callId, e);
            socket.cancel();
        } else {
            log.error("call {}: TTS listener threw after the stream ended", callId, e);
        }
    }
}
