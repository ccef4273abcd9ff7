package io.callrobot.tts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TtsStream} over a request-per-chunk provider: synthesises up to {@code maxInFlight}
 * chunks ahead, each on its own virtual thread, and delivers their audio strictly in chunk order
 * from one delivery thread (the head chunk's audio as it arrives, later chunks' audio once their
 * turn comes).
 */
public final class OrderedTtsStream implements TtsStream {

    private static final Logger log = LoggerFactory.getLogger(OrderedTtsStream.class);

    private sealed interface Piece {
    }

    private record Audio(short[] pcm, int sampleRate) implements Piece {
    }

    private record Done() implements Piece {
    }

    private record Failed(Throwable error) implements Piece {
    }

    /** One chunk's synthesis and the audio it produced that is not yet delivered. */
    private record Job(TextChunk chunk, ChunkSynthesis synthesis, LinkedBlockingQueue<Piece> pieces) {
        void run() {
            try {
                synthesis.run((pcm, rate) -> pieces.add(new Audio(pcm, rate)));
                pieces.add(new Done());
            } catch (Exception | Error e) {
                pieces.add(new Failed(e));
            }
        }
    }

    private final String name;
    private final TtsListener listener;
    private final int maxInFlight;
    private final Function<TextChunk, ChunkSynthesis> synthesizer;
    /** Guards the state below; listener calls are made outside it (see {@link ListenerGate}). */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<TextChunk> waiting = new ArrayDeque<>();
    private final Deque<Job> started = new ArrayDeque<>();
    private final ListenerGate gate;
    private boolean finishing;

    private OrderedTtsStream(String name, TtsListener listener, int maxInFlight,
                             Function<TextChunk, ChunkSynthesis> synthesizer) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
        this.name = name;
        this.listener = listener;
        this.maxInFlight = maxInFlight;
        this.synthesizer = synthesizer;
        this.gate = new ListenerGate(name, lock, this::dropAll);
    }

    /** Opens a stream whose chunks {@code synthesizer} turns into audio; {@code name} labels its threads. */
    public static OrderedTtsStream open(String name, TtsListener listener, int maxInFlight,
                                 Function<TextChunk, ChunkSynthesis> synthesizer) {
        OrderedTtsStream stream = new OrderedTtsStream(name, listener, maxInFlight, synthesizer);
        stream.gate.deliverer(Thread.ofVirtual().name(name + "-deliver").start(stream::deliver));
        return stream;
    }

    @Override
    public void send(TextChunk chunk) {
        lock.lock();
        try {
            if (gate.ended()) {
                return;
            }
            if (finishing) {
                log.warn("{}: chunk {} sent after finish() is ignored", name, chunk.index());
                return;
            }
            waiting.add(chunk);
            startJobs();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void finish() {
        lock.lock();
        try {
            finishing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void cancel() {
        gate.terminate(() -> { });
    }

    /** Starts queued chunks while fewer than maxInFlight are undelivered; holds the lock. */
    private void startJobs() {
        while (started.size() < maxInFlight && !waiting.isEmpty()) {
            TextChunk chunk = waiting.poll();
            Job job = new Job(chunk, synthesizer.apply(chunk), new LinkedBlockingQueue<>());
            started.add(job);
            Thread.ofVirtual().name(name + "-chunk-" + chunk.index()).start(job::run);
            changed.signalAll();
        }
    }

    private void deliver() {
        try {
            for (Job job = nextJob(); job != null; job = nextJob()) {
                if (!deliverJob(job)) {
                    return;
                }
            }
            gate.terminate(listener::onComplete);
        } catch (InterruptedException e) {
            // cancelled while waiting for audio
        }
    }

    /** The oldest undelivered job, waiting for one; null once finished and all delivered, or ended. */
    private Job nextJob() throws InterruptedException {
        lock.lock();
        try {
            while (!gate.ended() && started.isEmpty() && !(finishing && waiting.isEmpty())) {
                changed.await();
            }
            return gate.ended() ? null : started.peek();
        } finally {
            lock.unlock();
        }
    }

    /** Delivers one chunk's audio as it arrives; false if the stream ended. */
    private boolean deliverJob(Job job) throws InterruptedException {
        while (true) {
            Piece piece = job.pieces().take();
            switch (piece) {
                case Audio audio -> {
                    if (!gate.call(() -> listener.onAudio(job.chunk(), audio.pcm(), audio.sampleRate()))) {
                        return false;
                    }
                }
                case Failed failed -> {
                    gate.fail(listener, failed.error());
                    return false;
                }
                case Done done -> {
                    if (!gate.call(() -> listener.onChunkDone(job.chunk()))) {
                        return false;
                    }
                    lock.lock();
                    try {
                        started.remove(job); // a no-op if the stream ended meanwhile: dropAll cleared it
                        startJobs();
                        return true;
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }
    }

    /** The stream has ended (under the lock): drop all chunks; their syntheses are aborted after unlocking. */
    private Runnable dropAll() {
        List<Job> running = new ArrayList<>(started);
        started.clear();
        waiting.clear();
        changed.signalAll();
        return () -> running.forEach(job -> job.synthesis().abort());
    }
}
