package io.callrobot.vad;

import java.util.Arrays;

/**
 * Silero VAD for one call. Incoming frames (any length, e.g. 20 ms) are cut into the model's 32 ms
 * windows; each full window goes to the shared {@link SileroVadBatcher}, which infers the windows
 * of all calls together on its own thread. {@link #process} never waits for the model: it takes the
 * probability of the last finished window, if any, applies hysteresis (start at
 * {@link SileroConfig#startThreshold}, keep going at {@link SileroConfig#stopThreshold}, with
 * {@link SileroConfig#minSpeechMillis} and {@link SileroConfig#minSilenceMillis}) and returns the
 * decision so far.
 *
 * <p>Added decision latency compared with a synchronous detector: a window's probability is used
 * by the first {@code process} call after the batcher finished it, i.e. the batcher's gather (at
 * most {@link SileroConfig#batchGatherMillis}) plus one batch run (queueing included) plus up to one
 * frame after the window is complete; filling the window itself (up to 32 ms) is inherent to the
 * model. If the batcher has not finished the previous window when the
 * next one is complete, the new window is skipped ({@link #skippedWindows()}) instead of queueing
 * stale audio; the decision then simply holds for another 32 ms.
 *
 * <p>Energy gate: a window whose RMS level is below {@link SileroConfig#gateDbfs} never reaches the
 * batcher; it counts as probability 0 at once (after any window still with the batcher, so
 * decisions keep their order). The model does not see gated windows and the call's recurrent state
 * is left as it was; once {@link SileroConfig#gateResetMillis} of gated windows ran in a row, the
 * state is reset before the next inferred window, so speech after a long quiet starts the model as
 * a new stream does. Windows above the gate are inferred exactly as without it, so speech onset is
 * decided as fast as before; a silent call costs one sum of squares per window.
 *
 * <p>Threading: one media thread calls {@code process}, {@code speaking} and {@code reset}; the
 * window, state and probability are handed to the batcher thread and back through the volatile
 * {@code phase}. Allocates nothing per frame.
 */
public final class SileroVad implements Vad {

    /** No window with the batcher: the media thread owns every field. */
    private static final int IDLE = 0;
    /** {@link #window} and {@link #state} belong to the batcher until it sets {@link #DONE}. */
    private static final int QUEUED = 1;
    /** {@link #probability} and {@link #state} are ready for the media thread. */
    private static final int DONE = 2;

    private final SileroVadBatcher batcher;
    private final SileroConfig config;
    private final int sampleRate;
    private final int windowSamples;
    private final int contextSamples;
    private final double windowMillis;
    /** Sum of squared samples below which a window is gated; negative when the gate is off. */
    private final double gateEnergy;
    private final long resetAfterGated;

    private final float[] filling;
    private final float[] context;
    /** Context followed by window, as the model wants a row; read by the batcher while queued. */
    final float[] window;
    /** This stream's rows of the model state, {@code [2][128]}; written by the batcher while queued. */
    final float[] state = new float[SileroVadModel.STATE_SIZE];
    /** Probability of the queued window, NaN if inference failed; written by the batcher. */
    float probability;
    /** When the queued window became ready, on the batcher's clock; written by {@link SileroVadBatcher#submit}. */
    long readyNanos;
    private volatile int phase = IDLE;

    private int filled;
    private long fillingEnergy;
    private long gatedRun;
    private int gatedBehindQueued;
    private boolean stateStale;
    private boolean discardResult;
    private boolean speaking;
    private double voicedMillis;
    private double quietMillis;
    private float lastProbability;
    private long windows;
    private long skipped;
    private long gated;

    SileroVad(SileroVadBatcher batcher, int sampleRate, SileroConfig config) {
        this.batcher = batcher;
        this.config = config;
        this.sampleRate = sampleRate;
        this.windowSamples = SileroVadModel.windowSamples(sampleRate);
        this.contextSamples = SileroVadModel.contextSamples(sampleRate);
        this.windowMillis = windowSamples * 1000.0 / sampleRate;
        this.filling = new float[windowSamples];
        this.context = new float[contextSamples];
        this.window = new float[contextSamples + windowSamples];
        double gateRms = 32768 * Math.pow(10, config.gateDbfs() / 20);
        this.gateEnergy = config.gateDbfs() <= -100 ? -1 : gateRms * gateRms * windowSamples;
        this.resetAfterGated = Math.max(1, (long) Math.ceil(config.gateResetMillis() / windowMillis));
    }

    /** Samples per second of the frames this detector takes: 8000 or 16000. */
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public boolean process(short[] frame, int offset, int length) {
        takeResult();
        for (int i = offset, end = offset + Math.max(0, length); i < end; i++) {
            int s = frame[i];
            filling[filled++] = s / 32768f;
            fillingEnergy += s * s;
            if (filled == windowSamples) {
                submitWindow();
                filled = 0;
                fillingEnergy = 0;
            }
        }
        return speaking;
    }

    @Override
    public boolean speaking() {
        takeResult();
        return speaking;
    }

    @Override
    public double quietMillis() {
        return quietMillis;
    }

    @Override
    public void reset() {
        if (phase == QUEUED) {
            discardResult = true; // the batcher still owns the state: clear it when the result comes back
        } else {
            phase = IDLE;
            Arrays.fill(state, 0);
        }
        Arrays.fill(context, 0);
        filled = 0;
        fillingEnergy = 0;
        gatedRun = 0;
        gatedBehindQueued = 0;
        stateStale = false;
        speaking = false;
        voicedMillis = 0;
        quietMillis = 0;
        lastProbability = 0;
    }

    /** Speech probability of the last window taken into the decision; 0 before the first. */
    public float lastProbability() {
        return lastProbability;
    }

    /** Windows whose probability has been taken into the decision. */
    public long decidedWindows() {
        return windows;
    }

    /** Windows below the energy gate, decided as probability 0 without the model. */
    public long gatedWindows() {
        return gated;
    }

    /** Windows skipped because the batcher was still busy with this call's previous one or its queue was full. */
    public long skippedWindows() {
        return skipped;
    }

    /** Whether a window is with the batcher and its result not yet taken. */
    boolean pending() {
        return phase != IDLE;
    }

    /** Called by the batcher thread once {@link #probability} and {@link #state} hold the result. */
    void completed() {
        phase = DONE;
    }

    private void takeResult() {
        if (phase != DONE) {
            return;
        }
        if (discardResult) {
            discardResult = false;
            Arrays.fill(state, 0);
        } else if (!Float.isNaN(probability)) {
            decide(probability);
        }
        for (; gatedBehindQueued > 0; gatedBehindQueued--) {
            decide(0);
        }
        phase = IDLE;
    }

    private void decide(float p) {
        lastProbability = p;
        windows++;
        if (speaking) {
            quietMillis = p >= config.stopThreshold() ? 0 : quietMillis + windowMillis;
            if (quietMillis >= config.minSilenceMillis()) {
                speaking = false;
                voicedMillis = 0;
                quietMillis = 0;
            }
        } else if (voicedMillis > 0 ? p >= config.stopThreshold() : p >= config.startThreshold()) {
            voicedMillis += windowMillis;
            if (voicedMillis >= config.minSpeechMillis()) {
                speaking = true;
                quietMillis = 0;
            }
        } else {
            voicedMillis = 0;
        }
    }

    private void submitWindow() {
        takeResult();
        if (fillingEnergy < gateEnergy) {
            gated++;
            if (++gatedRun == resetAfterGated) {
                stateStale = true;
            }
            if (phase == IDLE) {
                decide(0);
            } else {
                gatedBehindQueued++; // decided after the window the batcher still has
            }
        } else if (phase == IDLE) {
            gatedRun = 0;
            if (stateStale) {
                stateStale = false;
                Arrays.fill(state, 0); // utils_vad.py reset_states: zeros, as at the start of a stream
            }
            System.arraycopy(context, 0, window, 0, contextSamples);
            System.arraycopy(filling, 0, window, contextSamples, windowSamples);
            phase = QUEUED;
            if (!batcher.submit(this)) {
                phase = IDLE;
                skipped++;
            }
        } else {
            gatedRun = 0;
            skipped++;
        }
        // the next row's context is this window's tail whether or not the model saw it (utils_vad.py: x[..., -context_size:])
        System.arraycopy(filling, windowSamples - contextSamples, context, 0, contextSamples);
    }
}
