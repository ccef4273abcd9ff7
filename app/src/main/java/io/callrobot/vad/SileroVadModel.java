package io.callrobot.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The Silero VAD v5 network loaded once into one ONNX Runtime session shared by every call. It
 * keeps no per-stream state: callers hand in each stream's window and recurrent state, and one
 * {@link #infer} runs any number of streams of the same sample rate together, so a batch of
 * windows costs one {@code session.run}.
 *
 * <p>Model interface (inputs {@code input}, {@code state}, {@code sr}; outputs {@code output},
 * {@code stateN}) as reported by ONNX Runtime for {@code models/silero_vad_v5.onnx}; window and
 * context sizes follow {@code OnnxWrapper.__call__} in silero-vad's {@code src/silero_vad/utils_vad.py}.
 * Thread-safe (runs are serialised: the batcher's one thread makes them all); the session uses one
 * intra-op thread so a run occupies one core. Inputs go through direct buffers kept between runs,
 * which ONNX Runtime reads in place: a heap array would be copied into a new, zeroed direct buffer
 * on every run.
 */
public final class SileroVadModel implements AutoCloseable {

    /** Width of one recurrent-state row; the state tensor is {@code [2, batch, 128]} (utils_vad.py {@code reset_states}). */
    public static final int STATE_WIDTH = 128;
    /** Floats of one stream's state: its rows of both layers of {@code [2, batch, 128]}. */
    public static final int STATE_SIZE = 2 * STATE_WIDTH;

    private static final Set<String> INPUTS = Set.of("input", "state", "sr");
    private static final Set<String> OUTPUTS = Set.of("output", "stateN");

    private final Path path;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final OnnxTensor rate8k;
    private final OnnxTensor rate16k;
    /** Native-order direct buffers the input tensors wrap; grown to the largest batch seen. */
    private FloatBuffer inputBuffer = direct(0);
    private FloatBuffer stateBuffer = direct(0);

    /**
     * Loads the model.
     *
     * @throws IllegalArgumentException if the file is missing, unreadable or not a Silero VAD v5 model;
     *                                  the message names the absolute path
     */
    public SileroVadModel(Path path) {
        this.path = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(this.path)) {
            throw new IllegalArgumentException("Silero VAD model file not found: " + this.path);
        }
        env = OrtEnvironment.getEnvironment();
        OrtSession opened = null;
        OnnxTensor r8 = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opened = env.createSession(this.path.toString(), options);
            if (!opened.getInputNames().equals(INPUTS) || !opened.getOutputNames().equals(OUTPUTS)) {
                throw new IllegalArgumentException("not a Silero VAD v5 model: " + this.path + " has inputs "
                        + opened.getInputNames() + " and outputs " + opened.getOutputNames() + ", expected "
                        + INPUTS + " and " + OUTPUTS);
            }
            // sr is an int64 scalar (utils_vad.py: np.array(sr, dtype='int64'))
            r8 = OnnxTensor.createTensor(env, 8000L);
            rate16k = OnnxTensor.createTensor(env, 16000L);
        } catch (OrtException e) {
            closeQuietly(r8);
            closeQuietly(opened);
            throw new IllegalArgumentException("cannot load Silero VAD model " + this.path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(r8);
            closeQuietly(opened);
            throw e;
        }
        session = opened;
        rate8k = r8;
    }

    /** Samples of one window: 256 at 8 kHz, 512 at 16 kHz (utils_vad.py {@code num_samples}). */
    public static int windowSamples(int sampleRate) {
        return checkRate(sampleRate) == 16000 ? 512 : 256;
    }

    /** Samples of the previous window put before each window: 32 at 8 kHz, 64 at 16 kHz (utils_vad.py {@code context_size}). */
    public static int contextSamples(int sampleRate) {
        return checkRate(sampleRate) == 16000 ? 64 : 32;
    }

    /** The model file, absolute. */
    public Path path() {
        return path;
    }

    /**
     * Runs one batch of windows of the same sample rate.
     *
     * @param sampleRate 8000 or 16000
     * @param input      {@code batch} rows of {@code contextSamples + windowSamples} samples in [-1, 1]:
     *                   each row is the stream's previous context followed by its new window
     * @param state      the streams' recurrent states laid out as {@code [2][batch][128]}; replaced in place
     *                   by the new states
     * @param batch      number of streams, at least 1
     * @return the speech probability of each row
     * @throws IllegalStateException if ONNX Runtime fails
     */
    public synchronized float[] infer(int sampleRate, float[] input, float[] state, int batch) {
        int width = contextSamples(sampleRate) + windowSamples(sampleRate);
        if (batch < 1 || input.length < batch * width || state.length < batch * STATE_SIZE) {
            throw new IllegalArgumentException("batch " + batch + " needs " + batch * width + " samples and "
                    + batch * STATE_SIZE + " state floats, got " + input.length + " and " + state.length);
        }
        if (inputBuffer.capacity() < batch * width) {
            inputBuffer = direct(batch * width);
        }
        if (stateBuffer.capacity() < batch * STATE_SIZE) {
            stateBuffer = direct(batch * STATE_SIZE);
        }
        // OnnxTensor.createTensor: a direct buffer in native order backs the tensor without a copy
        try (OnnxTensor in = OnnxTensor.createTensor(env, inputBuffer.clear().put(input, 0, batch * width).flip(),
                     new long[] {batch, width});
             OnnxTensor st = OnnxTensor.createTensor(env, stateBuffer.clear().put(state, 0, batch * STATE_SIZE).flip(),
                     new long[] {2, batch, STATE_WIDTH});
             OrtSession.Result result = session.run(Map.of("input", in, "state", st,
                     "sr", sampleRate == 16000 ? rate16k : rate8k))) {
            float[] probabilities = new float[batch];
            floats(result, "output").get(probabilities);
            floats(result, "stateN").get(state, 0, batch * STATE_SIZE);
            return probabilities;
        } catch (OrtException e) {
            throw new IllegalStateException("Silero VAD inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(rate8k);
        closeQuietly(rate16k);
        closeQuietly(session);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static FloatBuffer floats(OrtSession.Result result, String name) {
        OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException("model gave no " + name));
        return ((OnnxTensor) value).getFloatBuffer();
    }

    private static int checkRate(int sampleRate) {
        if (sampleRate != 8000 && sampleRate != 16000) {
            throw new IllegalArgumentException("Silero VAD supports 8000 and 16000 Hz, not " + sampleRate);
        }
        return sampleRate;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing native handles only fails when they are already gone
        }
    }
}
