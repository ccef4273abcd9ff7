package io.callrobot.tts.cosyvoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.callrobot.concurrent.CallbackQueue;
import io.callrobot.tts.PcmStreamDecoder;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reply as one CosyVoice task on one websocket: {@code run-task} at once, {@code continue-task}
 * per chunk (queued until {@code task-started}), {@code finish-task} on {@link #finish()}. Binary
 * frames are the PCM; {@code result-generated} sentence events drive {@link SentenceAttribution}, so
 * audio is delivered the moment it arrives, to the chunk its sentence starts in.
 *
 * <p>Listener callbacks are decided under the stream's lock and made after it is released, through a
 * {@link CallbackQueue}: one at a time and in order, although the okhttp reader thread, the engine's
 * time-out check and the caller all end streams. A callback already under way when {@link #cancel()}
 * is called from another thread may still complete.
 */
final class CosyVoiceStream implements TtsStream, CosyVoiceConnection.Handler {

    private static final Logger log = LoggerFactory.getLogger(CosyVoiceStream.class);

    private final CosyVoiceMessages messages;
    private final CosyVoiceConnection connection;
    private final CosyVoiceConnectionPool pool;
    private final TtsListener listener;
    private final int sampleRate;
    private final long timeoutNanos;
    private final Consumer<CosyVoiceStream> onEnd;
    private final String taskId = UUID.randomUUID().toString();
    private final String name;
    /** Guards the state below; listener callbacks are queued under it and made after it is released. */
    private final ReentrantLock lock = new ReentrantLock();
    private final CallbackQueue callbacks = new CallbackQueue(this::listenerThrew);
    private final SentenceAttribution attribution = new SentenceAttribution();
    private final PcmStreamDecoder decoder = new PcmStreamDecoder(false);
    private final List<String> beforeStart = new ArrayList<>();
    private boolean started;
    private boolean finishing;
    private boolean ended;
    /** When the server was last heard from or, if later, when we started waiting for its answer; 0 if not waiting. */
    private long waitingSince;

    CosyVoiceStream(CosyVoiceMessages messages, CosyVoiceConnection connection, CosyVoiceConnectionPool pool,
                    TtsListener listener, CosyVoiceConfig config, String callId, Consumer<CosyVoiceStream> onEnd) {
        this.messages = messages;
        this.connection = connection;
        this.pool = pool;
        this.listener = listener;
        this.sampleRate = config.sampleRate();
        this.timeoutNanos = config.timeout().toNanos();
        this.onEnd = onEnd;
        this.name = "cosyvoice-" + callId;
    }

    /** Starts the task: run-task goes out now, queued behind the handshake if that is still running. */
    void begin(CosyVoiceConfig config, TtsRequest request) {
        lock.lock();
        try {
            connection.handler(this);
            waitingSince = System.nanoTime();
            if (!connection.send(messages.runTask(taskId, config, request))) {
                IOException lost = connection.lostBecause();
                fail(lost != null ? lost : new IOException("CosyVoice websocket closed before run-task"));
            }
        } finally {
            lock.unlock();
        }
        callbacks.drain();
    }

    @Override
    public void send(TextChunk chunk) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            if (finishing) {
                log.warn("{}: chunk {} sent after finish() is ignored", name, chunk.index());
                return;
            }
            attribution.add(chunk);
            command(messages.continueTask(taskId, chunk.text()));
        } finally {
            lock.unlock();
        }
        callbacks.drain();
    }

    @Override
    public void finish() {
        lock.lock();
        try {
            if (ended || finishing) {
                return;
            }
            finishing = true;
            if (attribution.isEmpty()) {
                // nothing to say: end here rather than ask the server to synthesise no text
                end(listener::onComplete);
                connection.close();
            } else {
                command(messages.finishTask(taskId));
            }
        } finally {
            lock.unlock();
        }
        callbacks.drain();
    }

    @Override
    public void cancel() {
        lock.lock();
        try {
            if (end(null)) {
                callbacks.clear();
                connection.cancel();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails the task if the server left run-task or finish-task unanswered for longer than the time-out. */
    void checkTimeout(long now) { // now: System.nanoTime()
        lock.lock();
        try {
            if (!ended && waitingSince != 0 && now - waitingSince > timeoutNanos) {
                fail(new IOException("CosyVoice did not answer " + (started ? "finish-task" : "run-task")
                        + " within " + timeoutNanos / 1_000_000 + " ms"));
            }
        } finally {
            lock.unlock();
        }
        callbacks.drain();
    }

    @Override
    public void text(String json) {
        CosyVoiceMessages.Event event;
        try {
            event = messages.parse(json);
        } catch (JsonProcessingException e) {
            failLocked(new IOException("CosyVoice sent a frame that is not JSON: " + excerpt(json), e));
            return;
        }
        lock.lock();
        try {
            if (ended) {
                return;
            }
            if (waitingSince != 0) {
                waitingSince = System.nanoTime();
            }
            if (event.taskId() != null && !taskId.equals(event.taskId())) {
                log.warn("{}: event for another task ignored: {}", name, excerpt(json));
                return;
            }
            String kind = String.valueOf(event.event());
            switch (kind) {
                case "task-started" -> started();
                case "result-generated" -> sentence(event);
                case "task-finished" -> finished();
                case "task-failed" -> fail(new IOException("CosyVoice task failed: " + event.errorCode() + ": "
                        + event.errorMessage()));
                default -> log.debug("{}: CosyVoice event {} ignored", name, kind);
            }
        } finally {
            lock.unlock();
        }
        callbacks.drain();
    }

    @Override
    public void binary(ByteString bytes) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            byte[] raw = bytes.toByteArray();
            short[] samples = decoder.decode(raw, raw.length);
            TextChunk chunk = attribution.current();
            if (chunk == null) {
                log.warn("{}: {} bytes of audio after every chunk was done are dropped", name, raw.length);
            } else if (samples.length > 0) {
                callbacks.add(() -> listener.onAudio(chunk, samples, sampleRate));
            }
        } finally {
            lock.unlock();
        }
        callbacks.drain();
    }

    @Override
    public void lost(IOException error) {
        failLocked(error);
    }

    /** task-started: the commands queued meanwhile go out in order. */
    private void started() {
        started = true;
        waitingSince = 0;
        for (String command : beforeStart) {
            connection.send(command);
        }
        beforeStart.clear();
        if (finishing) {
            waitingSince = System.nanoTime();
        }
    }

    /** result-generated: sentence-begin / sentence-synthesis / sentence-end (server-side events, payload.output.type). */
    private void sentence(CosyVoiceMessages.Event event) {
        String type = String.valueOf(event.outputType());
        List<TextChunk> done = switch (type) {
            case "sentence-begin" -> attribution.sentenceBegins(event.originalText());
            case "sentence-end" -> attribution.sentenceEnds();
            default -> List.of();
        };
        for (TextChunk chunk : done) {
            callbacks.add(() -> listener.onChunkDone(chunk));
        }
    }

    /** task-finished: all audio was sent; the websocket may carry the next task. */
    private void finished() {
        if (!finishing) {
            fail(new IOException("CosyVoice finished the task before finish-task"));
            return;
        }
        if (decoder.hasRemainder()) {
            fail(new IOException("CosyVoice sent an odd number of PCM bytes (truncated sample)"));
            return;
        }
        for (TextChunk chunk : attribution.finishAll()) {
            callbacks.add(() -> listener.onChunkDone(chunk));
        }
        end(listener::onComplete);
        pool.giveBack(connection);
    }

    private void command(String json) {
        if (!started) {
            beforeStart.add(json);
            return;
        }
        if (finishing) {
            waitingSince = System.nanoTime();
        }
        if (!connection.send(json)) {
            fail(new IOException("CosyVoice websocket closed"));
        }
    }

    /** Fails from outside the lock (okhttp's reader thread). */
    private void failLocked(IOException error) {
        lock.lock();
        try {
            fail(error);
        } finally {
            lock.unlock();
        }
        callbacks.drain();
    }

    /** Ends with onFailure and drops the connection: after a failure it is in an unknown state. Holds the lock. */
    private void fail(IOException error) {
        if (ended) {
            return;
        }
        log.warn("{}: TTS failed: {}", name, error.getMessage());
        end(() -> listener.onFailure(error));
        connection.cancel();
    }

    /**
     * Ends the stream once, queueing {@code last} (the terminal callback, or null on cancel) after the
     * callbacks already queued; holds the lock. False if it had already ended.
     */
    private boolean end(Runnable last) {
        if (ended) {
            return false;
        }
        ended = true;
        if (last != null) {
            callbacks.add(last);
        }
        connection.handler(null);
        onEnd.accept(this);
        return true;
    }

    /** A listener callback threw, on the draining thread: the callbacks after it are dropped, the stream cancelled. */
    private void listenerThrew(RuntimeException e) {
        boolean cancelled;
        lock.lock();
        try {
            callbacks.clear();
            cancelled = end(null);
            if (cancelled) {
                connection.cancel();
            }
        } finally {
            lock.unlock();
        }
        if (cancelled) {
            log.error("{}: TTS listener threw; stream cancelled", name, e);
        } else {
            log.error("{}: TTS listener threw after the stream ended", name, e);
        }
    }

    private static String excerpt(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
