package io.callrobot.vad;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Silero VAD windows of all calls on one thread, batched: whatever windows became ready
 * while the previous batch ran are inferred together in one {@code session.run} per sample rate.
 * Under light load a window is inferred as soon as it is ready (batch of one, lowest latency);
 * under heavy load batches grow by themselves, and a batch costs far less than its windows one by
 * one (see {@code docs/VAD.md}), so one core keeps many more calls VAD'd in real time than
 * per-call synchronous inference would, and no media thread ever waits for the model.
 *
 * <p>The queue of ready windows is bounded; a call whose window does not fit skips that window
 * (counted in {@link SileroVad#skippedWindows()}). The batcher does not own the model: close the
 * batcher first, then the model.
 */
public final class SileroVadBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SileroVadBatcher.class);

    /** The server's batch bound: 128-256 windows per run keep a run well inside one 32 ms window (docs/VAD.md). */
    public static final int DEFAULT_MAX_BATCH = 256;

    private final SileroVadModel model;
    private final int maxBatch;
    private final ArrayBlockingQueue<SileroVad> ready;
    private final SileroVad[] taken;
    private final SileroVad[] group;
    private final float[] input;
    private final float[] state;
    private volatile Thread thread;
    private volatile boolean closed;

    /**
     * @param maxBatch most windows in one inference, and the capacity of the ready queue; a call
     *                 has at most one window queued, so this bounds the calls served per round
     */
    public SileroVadBatcher(SileroVadModel model, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
        }
        this.model = model;
        this.maxBatch = maxBatch;
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

    /** Called on a media thread: never blocks. */
    boolean submit(SileroVad vad) {
        return !closed && ready.offer(vad);
    }

    /** Infers every window queued now, on the calling thread; returns how many. The inference thread's round, and a seam for tests. */
    int runOnce() {
        SileroVad first = ready.poll();
        return first == null ? 0 : inferFrom(first);
    }

    private void loop() {
        while (!closed) {
            try {
                SileroVad first = ready.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    inferFrom(first);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Silero VAD batch failed", e);
            }
        }
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
