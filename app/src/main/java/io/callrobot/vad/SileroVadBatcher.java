package io.callrobot.vad;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Silero VAD windows of all calls on one thread, batched: the windows queued when a batch
 * starts are inferred together in one {@code session.run} per sample rate. A batch costs far less
 * than its windows one by one (see {@code docs/VAD.md}), so one core keeps many more calls VAD'd in
 * real time than per-call synchronous inference would, and no media thread ever waits for the model.
 *
 * <p>Gathering: at real-time pace the windows of different calls become ready spread over each
 * 32 ms, so a batcher that ran as soon as one window is ready would mostly run batches of one to
 * three windows, each paying the model's fixed cost per run. Instead, after the first window is
 * ready the thread waits until {@code gather} has passed since that window became ready, or until
 * {@code maxBatch} windows are queued (the submit that fills the batch wakes it), then infers all
 * that is queued. The wait is one timed park per batch; windows arriving meanwhile do not wake the
 * thread. A window that became ready while the previous batch ran may already be older than
 * {@code gather}: its batch starts at once, so under heavy load batches grow by themselves as
 * before. {@code gather} 0 infers as soon as a window is ready.
 *
 * <p>Latency: a window's probability is ready at most {@code gather} plus one run (plus any run
 * already under way) after the window is complete, so a speech start or end is decided at most
 * {@code gather} later. The call's detector reads results when its next frame arrives (see
 * {@link SileroVad}): a result ready before then is used at the same frame as without gathering,
 * so in the common case neither the decision nor the edge's timestamp moves. With 20 ms frames a
 * call's next window can be ready 20 ms after the previous one and is skipped if that one is still
 * here, so {@code gather} plus a run must stay well below 20 ms (docs/VAD.md, "Gathering a batch").
 *
 * <p>The queue of ready windows is bounded; a call whose window does not fit skips that window
 * (counted in {@link SileroVad#skippedWindows()}). The batcher does not own the model: close the
 * batcher first, then the model.
 */
public final class SileroVadBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SileroVadBatcher.class);

    /** The server's batch bound: 128-256 windows per run keep a run well inside one 32 ms window (docs/VAD.md). */
    public static final int DEFAULT_MAX_BATCH = 256;

    /** The longest gather accepted: one 32 ms window, after which a call's next window is surely waiting. */
    public static final Duration MAX_GATHER = Duration.ofMillis(32);

    private final SileroVadModel model;
    private final int maxBatch;
    private final long gatherNanos;
    private final GatherClock clock;
    private final ArrayBlockingQueue<SileroVad> ready;
    private final SileroVad[] taken;
    private final SileroVad[] group;
    private final float[] input;
    private final float[] state;
    private volatile Thread thread;
    private volatile boolean closed;
    private volatile long runs;
    private volatile long inferred;

    /**
     * A batcher that infers as soon as a window is ready (no gathering).
     *
     * @param maxBatch most windows in one inference, and the capacity of the ready queue; a call
     *                 has at most one window queued, so this bounds the calls served per round
     */
    public SileroVadBatcher(SileroVadModel model, int maxBatch) {
        this(model, maxBatch, Duration.ZERO);
    }

    /**
     * @param maxBatch most windows in one inference, and the capacity of the ready queue; a call
     *                 has at most one window queued, so this bounds the calls served per round
     * @param gather   how long after the first window of a batch became ready the batch starts,
     *                 unless {@code maxBatch} windows are queued sooner; 0 to 32 ms
     */
    public SileroVadBatcher(SileroVadModel model, int maxBatch, Duration gather) {
        this(model, maxBatch, gather, GatherClock.SYSTEM);
    }

    SileroVadBatcher(SileroVadModel model, int maxBatch, Duration gather, GatherClock clock) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
        }
        if (gather.isNegative() || gather.compareTo(MAX_GATHER) > 0) {
            throw new IllegalArgumentException("gather must be 0 to " + MAX_GATHER.toMillis() + " ms: "
                    + gather.toNanos() / 1e6 + " ms");
        }
        this.model = model;
        this.maxBatch = maxBatch;
        this.gatherNanos = gather.toNanos();
        this.clock = clock;
        this.ready = new ArrayBlockingQueue<>(maxBatch);
        this.taken = new SileroVad[maxBatch];
        this.group = new SileroVad[maxBatch];
        this.input = new float[maxBatch * (SileroVadModel.contextSamples(16000) + SileroVadModel.windowSamples(16000))];
        this.state = new float[maxBatch * SileroVadModel.STATE_SIZE];
    }

    /** Starts the inference thread; idempotent. */
    public synchronized SileroVadBatcher start() {
        if (thread == null && !closed) {
            thread = Thread.ofPlatform().name("silero-vad").daemon().start(this::loop);
        }
        return this;
    }

    /**
     * A detector for one call, fed by this batcher.
     *
     * @param sampleRate 8000 or 16000
     */
    public SileroVad newVad(int sampleRate, SileroConfig config) {
        return new SileroVad(this, sampleRate, config);
    }

    /** Stops the thread after its current batch; windows still queued are never answered. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Batches inferred so far (each one {@code session.run} per sample rate among its windows). */
    public long runs() {
        return runs;
    }

    /** Windows inferred so far; divided by {@link #runs()}, the mean batch. */
    public long inferredWindows() {
        return inferred;
    }

    /** Called on a media thread: never blocks. */
    boolean submit(SileroVad vad) {
        if (closed) {
            return false;
        }
        if (gatherNanos > 0) {
            vad.readyNanos = clock.nanoTime();
        }
        if (!ready.offer(vad)) {
            return false;
        }
        Thread running = thread;
        if (gatherNanos > 0 && running != null && ready.size() >= maxBatch - 1) {
            clock.unpark(running); // with the window the batcher holds, a full batch: start it now
        }
        return true;
    }

    /** Infers every window queued now, on the calling thread, without gathering; returns how many. A seam for tests. */
    int runOnce() {
        SileroVad first = ready.poll();
        return first == null ? 0 : inferFrom(first);
    }

    private void loop() {
        while (!closed) {
            try {
                SileroVad first = ready.poll(1, TimeUnit.SECONDS);
                if (first != null && gathered(first)) {
                    inferFrom(first);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Silero VAD batch failed", e);
            }
        }
    }

    /**
     * Waits until {@code gather} has passed since {@code first} became ready or a full batch is
     * queued; false if the batcher was closed meanwhile.
     */
    private boolean gathered(SileroVad first) {
        if (gatherNanos == 0) {
            return true;
        }
        long deadline = first.readyNanos + gatherNanos;
        long remaining;
        while (ready.size() < maxBatch - 1 && (remaining = deadline - clock.nanoTime()) > 0) {
            clock.parkNanos(remaining); // one park per batch; an early return (a full batch, close) looks again
            if (closed) {
                return false;
            }
        }
        return true;
    }

    private int inferFrom(SileroVad first) {
        taken[0] = first;
        int count = 1;
        SileroVad next;
        while (count < maxBatch && (next = ready.poll()) != null) {
            taken[count++] = next;
        }
        inferRate(8000, count);
        inferRate(16000, count);
        runs++; // one writer, the inferring thread; counted before the calls see their results
        inferred += count;
        for (int i = 0; i < count; i++) {
            taken[i].completed();
            taken[i] = null;
        }
        return count;
    }

    /** One run for the taken windows of one rate: the model's {@code sr} input is one scalar per run. */
    private void inferRate(int sampleRate, int count) {
        int size = 0;
        for (int i = 0; i < count; i++) {
            if (taken[i].sampleRate() == sampleRate) {
                group[size++] = taken[i];
            }
        }
        if (size == 0) {
            return;
        }
        int width = group[0].window.length;
        int row = SileroVadModel.STATE_WIDTH;
        for (int b = 0; b < size; b++) {
            System.arraycopy(group[b].window, 0, input, b * width, width);
            for (int layer = 0; layer < 2; layer++) { // state is [2, batch, 128]
                System.arraycopy(group[b].state, layer * row, state, (layer * size + b) * row, row);
            }
        }
        float[] probabilities;
        try {
            probabilities = model.infer(sampleRate, input, state, size);
        } catch (RuntimeException e) {
            log.error("Silero VAD inference of {} windows at {} Hz failed; their decisions hold", size, sampleRate, e);
            for (int b = 0; b < size; b++) {
                group[b].probability = Float.NaN;
                group[b] = null;
            }
            return;
        }
        for (int b = 0; b < size; b++) {
            for (int layer = 0; layer < 2; layer++) {
                System.arraycopy(state, (layer * size + b) * row, group[b].state, layer * row, row);
            }
            group[b].probability = probabilities[b];
            group[b] = null;
        }
    }
}
