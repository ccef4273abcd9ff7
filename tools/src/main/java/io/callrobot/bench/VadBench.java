package io.callrobot.bench;

import io.callrobot.media.PcmAudio;
import io.callrobot.vad.EnergyVad;
import io.callrobot.vad.SileroConfig;
import io.callrobot.vad.SileroVad;
import io.callrobot.vad.SileroVadBatcher;
import io.callrobot.vad.SileroVadModel;
import io.callrobot.vad.Vad;
import io.callrobot.vad.VadConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * How many concurrent calls one core keeps VAD'd in real time. {@code calls} caller streams (real
 * espeak-ng speech with pauses, on a noisy line; see {@link VadCallTrack}) are fed at real-time
 * pace, each on its own 1 ms phase of the 20 ms frame clock as calls arrive on a media thread,
 * through the energy VAD, the batched Silero VAD without its energy gate and with it, at each batch
 * gather time asked for. The process's
 * CPU time over the measured seconds (inference thread, feeding thread, GC and JIT included), less
 * that of the same feeding without any detector (the pacing clock's own wake-ups), divided by the
 * audio seconds processed gives the cost of one call; calls per core is its inverse.
 */
public final class VadBench {

    /**
     * What to run.
     *
     * @param gatherMillis the batcher's gather times to measure Silero with, one set of rows each
     * @param gates        the Silero gate levels to measure, -100 for the gate off
     */
    public record Options(int calls, int seconds, int warmupSeconds, List<Integer> rates, double noiseDbfs,
            double talkFraction, Path model, List<Integer> gatherMillis, List<Double> gates) {
    }

    private static final List<String> SENTENCES_ZH = List.of("你好，我想问一下我的账单", "我这个月的还款已经付过了",
            "可以分期吗，我现在手头有点紧", "好的，谢谢你，再见");
    private static final List<String> SENTENCES_EN = List.of("I would like to pay my bill next Monday",
            "Could you repeat the amount please");

    private final Options options;
    private final PrintStream out;

    public VadBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public void run() throws Exception {
        List<PcmAudio> voices = new ArrayList<>();
        CallerVoice espeak = new CallerVoice();
        for (String s : SENTENCES_ZH) {
            voices.add(espeak.say(s));
        }
        for (String s : SENTENCES_EN) {
            voices.add(espeak.say(s));
        }
        out.printf("%d calls, %d s measured after %d s warm-up per row; caller talks %.0f%% of the time at %.0f dBFS,"
                        + " line noise %.0f dBFS (SNR %.0f dB); %d CPUs%n", options.calls(), options.seconds(),
                options.warmupSeconds(), 100 * options.talkFraction(), VadCallTrack.SPEECH_DBFS, options.noiseDbfs(),
                VadCallTrack.SPEECH_DBFS - options.noiseDbfs(), Runtime.getRuntime().availableProcessors());
        out.printf("%-6s %-24s %10s %16s %15s %8s %9s %10s %14s%n", "rate", "detector", "CPU cores", "net µs/call·s",
                "calls per core", "gated", "skipped", "mean batch", "speech starts");
        try (SileroVadModel model = new SileroVadModel(options.model())) {
            for (int rate : options.rates()) {
                VadCallTrack track = VadCallTrack.build(voices, rate, 60, options.noiseDbfs(), options.talkFraction(), 7);
                double feeding = measure("feeding only", rate, track, r -> new Silence(), null, 0);
                measure("energy", rate, track, r -> new EnergyVad(r, r / 50, VadConfig.defaults()), null, feeding);
                for (double gate : options.gates()) {
                    SileroConfig config = SileroConfig.defaults().withGateDbfs(gate);
                    for (int gather : options.gatherMillis()) {
                        try (SileroVadBatcher batcher = new SileroVadBatcher(model, SileroVadBatcher.DEFAULT_MAX_BATCH,
                                Duration.ofMillis(gather)).start()) {
                            String name = (gate <= -100 ? "silero, no gate" : "silero + gate") + ", gather " + gather;
                            measure(name, rate, track, r -> batcher.newVad(r, config), batcher, feeding);
                        }
                    }
                }
            }
        }
    }

    /**
     * Prints one row; returns the CPU cores used, of which {@code baseCores} are the feeding's own.
     *
     * @param batcher the Silero batcher the detectors use, for its mean batch; null for others
     */
    private double measure(String detector, int rate, VadCallTrack track, IntFunction<Vad> vads,
            SileroVadBatcher batcher, double baseCores) {
        int n = options.calls();
        int frame = rate / 50;
        Vad[] vad = new Vad[n];
        int[] position = new int[n];
        boolean[] speaking = new boolean[n];
        Random random = new Random(n);
        int frames = track.samples().length / frame;
        for (int c = 0; c < n; c++) {
            vad[c] = vads.apply(rate);
            position[c] = random.nextInt(frames) * frame; // calls are at different points of the conversation
        }
        long[] starts = new long[1];
        Feeder feeder = (c) -> {
            boolean now = vad[c].process(track.samples(), position[c], frame);
            if (now && !speaking[c]) {
                starts[0]++;
            }
            speaking[c] = now;
            position[c] += frame;
            if (position[c] >= track.samples().length) {
                position[c] = 0;
            }
        };
        paced(options.warmupSeconds(), n, feeder);
        starts[0] = 0;
        long gated0 = 0;
        long skipped0 = 0;
        long decided0 = 0;
        for (Vad v : vad) {
            if (v instanceof SileroVad s) {
                gated0 += s.gatedWindows();
                skipped0 += s.skippedWindows();
                decided0 += s.decidedWindows();
            }
        }
        long runs0 = batcher == null ? 0 : batcher.runs();
        long inferred0 = batcher == null ? 0 : batcher.inferredWindows();
        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        long lagNanos = paced(options.seconds(), n, feeder);
        long cpu = processCpuNanos() - cpu0;
        long wall = System.nanoTime() - wall0;
        long runs = batcher == null ? 0 : batcher.runs() - runs0;
        long inferred = batcher == null ? 0 : batcher.inferredWindows() - inferred0;
        long gated = -gated0;
        long skipped = -skipped0;
        long decided = -decided0;
        for (Vad v : vad) {
            if (v instanceof SileroVad s) {
                gated += s.gatedWindows();
                skipped += s.skippedWindows();
                decided += s.decidedWindows();
            }
        }
        double cores = cpu / (double) wall;
        double perCallSecond = Math.max(0, cores - baseCores) * 1e6 / n; // µs of CPU per second of one call
        double expectedStarts = (double) n * options.seconds() * track.utterances() / (track.samples().length / (double) rate);
        boolean base = baseCores == 0;
        out.printf("%-6d %-24s %10.3f %16s %15s %8s %9s %10s %14s%s%n", rate, detector, cores,
                base ? "-" : String.format("%.1f", perCallSecond),
                base ? "-" : String.format("%.0f", 1e6 / Math.max(perCallSecond, 1e-3)),
                decided == 0 ? "-" : String.format("%.0f%%", 100.0 * gated / decided),
                decided == 0 ? "-" : String.format("%.1f%%", 100.0 * skipped / (decided + skipped)),
                runs == 0 ? "-" : String.format("%.1f", inferred / (double) runs),
                base ? "-" : String.format("%d of %.0f", starts[0], expectedStarts),
                lagNanos > TimeUnit.SECONDS.toNanos(1) ? String.format("  (feeding ended %d ms behind the clock: not real time)",
                        TimeUnit.NANOSECONDS.toMillis(lagNanos)) : "");
        return cores;
    }

    /** The "feeding only" baseline: no detector at all. */
    private static final class Silence implements Vad {
        @Override
        public boolean process(short[] frame, int offset, int length) {
            return false;
        }

        @Override
        public boolean speaking() {
            return false;
        }

        @Override
        public double quietMillis() {
            return 0;
        }

        @Override
        public void reset() {
        }
    }

    /** Feeds one call's next frame. */
    private interface Feeder {
        void feed(int call);
    }

    /**
     * Feeds every call one 20 ms frame per 20 ms for {@code seconds}, call {@code c} in the 1 ms slot
     * {@code c % 20}; a late wake-up catches up at once. Returns how far behind the clock it ended.
     */
    private static long paced(int seconds, int calls, Feeder feeder) {
        long start = System.nanoTime();
        long slots = seconds * 1000L;
        for (long slot = 0; slot < slots; slot++) {
            long wait = start + TimeUnit.MILLISECONDS.toNanos(slot) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            for (int c = (int) (slot % 20); c < calls; c += 20) {
                feeder.feed(c);
            }
        }
        return Math.max(0, System.nanoTime() - start - TimeUnit.MILLISECONDS.toNanos(slots));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
