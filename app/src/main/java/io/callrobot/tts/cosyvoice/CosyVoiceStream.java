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
 * <p>The service ends a task whose continue-task messages are more than 23 s apart, so a reply whose
 * text stalls (a slow LLM) for {@link CosyVoiceConfig#textIdleLimit()} has its task finished; the
 * websocket then goes back to the pool, and text that comes later starts a new task on a websocket
 * from the pool. The listener sees one stream throughout.
 *
 * <p>Listener callbacks are decided under the stream's lock and made after it is released, through a
 * {@link CallbackQueue}: one at a time and in order, although the okhttp reader thread, the engine's
 * time-out check and the caller all end streams. A callback already under way when {@link #cancel()}
 * is called from another thread may still complete.
 */
final class CosyVoiceStream implements TtsStream, CosyVoiceConnection.Handler {

    private static final Logger log = LoggerFactory.getLogger(CosyVoiceStream.class);

    private final CosyVoiceMessages messages;
    private final CosyVoiceConnectionPool pool;
    private final TtsListener listener;
    private final CosyVoiceConfig config;
    private final int sampleRate;
    private final long timeoutNanos;
    private final long textIdleNanos;
    private final Consumer<CosyVoiceStream> onEnd;
    private final String name;
    /** The websocket of the current task; null between tasks, after a task idle too long was finished. */
    private CosyVoiceConnection connection;
    private String taskId = UUID.randomUUID().toString();
    private TtsRequest request;
    /** Guards the state below; listener callbacks are queued under it and made after it is released. */
    private final ReentrantLock lock = new ReentrantLock();
    private final CallbackQueue callbacks = new CallbackQueue(this::listenerThrew);
    private final SentenceAttribution attribution = new SentenceAttribution();
    private final PcmStreamDecoder decoder = new PcmStreamDecoder(false);
    private final List<String> beforeStart = new ArrayList<>();
    private final List<TextChunk> afterIdle = new ArrayList<>();
    private boolean started;
    private boolean finishing;
    private boolean ended;
    /** The current task was finished for want of text; its task-finished is awaited. */
    private boolean idleFinishing;
    /** When text last went to the current task (or the task began). */
    private long lastTextNanos;
    private boolean taskHasText;
    /** When the server was last heard from or, if later, when we started waiting for its answer; 0 if not waiting. */
    private long waitingSince;

    CosyVoiceStream(CosyVoiceMessages messages, CosyVoiceConnection connection, CosyVoiceConnectionPool pool,
                    TtsListener listener, CosyVoiceConfig config, String callId, Consumer<CosyVoiceStream> onEnd) {
        this.messages = messages;
        this.connection = connection;
        this.pool = pool;
        this.listener = listener;
        this.config = config;
        this.sampleRate = config.sampleRate();
        this.timeoutNanos = config.timeout().toNanos();
        this.textIdleNanos = config.textIdleLimit().toNanos();
        this.onEnd = onEnd;
        this.name = "cosyvoice-" + callId;
    }

    /** Starts the task: run-task goes out now, queued behind the handshake if that is still running. */
    void begin(TtsRequest reply) {
        lock.lock();
        try {
            request = reply;
            runTask();
        } finally {
            lock.unlock();
        }
        callbacks.drain();
    }

    /** Sends run-task for {@link #taskId} on {@link #connection}; holds the lock. */
    private void runTask() {
        connection.handler(this);
        started = false;
        taskHasText = false;
        waitingSince = System.nanoTime();
        lastTextNanos = waitingSince;
        if (!connection.send(messages.runTask(taskId, config, request))) {
            IOException lost = connection.lostBecause();
            fail(lost != null ? lost : new IOException("CosyVoice websocket closed before run-task"));
        }
    }

    /** Text after a task was finished for idleness: a new task on a websocket from the pool. Holds the lock. */
    private void newTask() {
        taskId = UUID.randomUUID().toString();
        connection = pool.take();
        log.debug("{}: text after an idle pause goes to a new task {}", name, taskId);
        runTask();
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
            if (idleFinishing) { // the old task's audio is still owed to its chunks: this one waits for the next task
                afterIdle.add(chunk);
                return;
            }
            if (connection == null) {
                newTask();
            }
            continueTask(chunk);
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
            if (idleFinishing) {
                return; // task-finished of the idle task decides
            }
            if (connection == null) { // between tasks: everything sent was spoken
                end(listener::onComplete);
            } else if (attribution.isEmpty()) {
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
                cancelConnection();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails the task if the server left run-task or finish-task unanswered for longer than the time-out;
     * finishes a started task that has had no text for the text idle limit.
     */
    void checkTimeout(long now) { // now: System.nanoTime()
        lock.lock();
        try {
            if (!ended && waitingSince != 0 && now - waitingSince > timeoutNanos) {
                fail(new IOException("CosyVoice did not answer " + (started ? "finish-task" : "run-task")
                        + " within " + timeoutNanos / 1_000_000 + " ms"));
            } else if (!ended && started && !finishing && !idleFinishing && connection != null
                    && now - lastTextNanos > textIdleNanos) {
                idle(now);
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
        if (idleFinishing) {
            idleFinished();
            return;
        }
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

    /**
     * No text for the idle limit: a task with text is finished (its audio still comes), one without is
     * dropped with its websocket, as finish-task would ask to synthesise nothing. Holds the lock.
     */
    private void idle(long now) {
        log.info("{}: no text for {} ms: task {} ends, later text goes to a new task", name,
                (now - lastTextNanos) / 1_000_000, taskId);
        if (!taskHasText) {
            connection.handler(null);
            connection.close();
            connection = null;
            return;
        }
        idleFinishing = true;
        waitingSince = now;
        if (!connection.send(messages.finishTask(taskId))) {
            fail(new IOException("CosyVoice websocket closed"));
        }
    }

    /** The idle task is over: its chunks are done, its websocket goes back; text that waited starts a new task. */
    private void idleFinished() {
        if (decoder.hasRemainder()) {
            fail(new IOException("CosyVoice sent an odd number of PCM bytes (truncated sample)"));
            return;
        }
        idleFinishing = false;
        waitingSince = 0;
        for (TextChunk chunk : attribution.finishAll()) {
            callbacks.add(() -> listener.onChunkDone(chunk));
        }
        connection.handler(null);
        pool.giveBack(connection);
        connection = null;
        if (!afterIdle.isEmpty()) {
            newTask();
            for (TextChunk chunk : afterIdle) {
                continueTask(chunk);
            }
            afterIdle.clear();
            if (finishing) {
                command(messages.finishTask(taskId));
            }
        } else if (finishing) {
            end(listener::onComplete);
        }
    }

    private void continueTask(TextChunk chunk) {
        attribution.add(chunk);
        taskHasText = true;
        lastTextNanos = System.nanoTime();
        command(messages.continueTask(taskId, chunk.text()));
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
        cancelConnection();
    }

    private void cancelConnection() {
        if (connection != null) {
            connection.cancel();
        }
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
        if (connection != null) {
            connection.handler(null);
        }
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
                cancelConnection();
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
