package io.callrobot.bench;

import io.callrobot.media.PcmAudio;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.SimCallSpec;
import io.callrobot.sim.SimulatedCall;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's N caller lines, each on a virtual thread that sleeps while its call runs (the
 * calls themselves are stepped by {@link BenchCallers}' one thread): a line places its first call at its turn
 * of the ramp and keeps a call up until the deadline. With a call length, each call hangs up at the
 * end of the round in which its length ran out and the line places a new one at once, so a long run
 * keeps N calls up while calls end and start (the churn a soak needs).
 */
final class CallerLines {

    private final FreeSwitchSimulator simulator;
    private final int eslPort;
    private final PcmAudio utterance;
    private final List<BenchCall.Sound> sounds;
    private final FakeFunAsrServer asr;
    private final BenchResults results;
    private final PrintStream out;
    private final BenchCallers stepper;
    private final CallUptime uptime = new CallUptime();
    private final AtomicInteger placed = new AtomicInteger();

    CallerLines(FreeSwitchSimulator simulator, int eslPort, PcmAudio utterance, List<BenchCall.Sound> sounds,
            FakeFunAsrServer asr, BenchResults results, PrintStream out, BenchCallers stepper) {
        this.simulator = simulator;
        this.eslPort = eslPort;
        this.utterance = utterance;
        this.sounds = sounds;
        this.asr = asr;
        this.results = results;
        this.out = out;
        this.stepper = stepper;
    }

    /**
     * Starts {@code lines} lines on {@code callers}, the first calls {@code 1 / callsPerSecond} apart
     * from {@code startNanos}, each call up for {@code callLength} ({@link Duration#ZERO}: until the
     * deadline).
     */
    List<Future<?>> start(ExecutorService callers, int lines, double callsPerSecond, long startNanos,
            long deadlineNanos, Duration callLength) {
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            long due = startNanos + (long) (i / callsPerSecond * 1e9);
            int line = i;
            running.add(callers.submit(() -> {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                runLine(line, deadlineNanos, callLength);
                return null;
            }));
        }
        return running;
    }

    private void runLine(int line, long deadlineNanos, Duration callLength) {
        do {
            SimulatedCall call;
            try {
                call = simulator.place(SimCallSpec.outbound("127.0.0.1", eslPort,
                        String.format("138%08d", placed.getAndIncrement())));
            } catch (IOException | RuntimeException e) {
                results.callsFailed.incrementAndGet();
                out.println("line " + line + ": call not placed: " + e);
                return;
            }
            long now = System.nanoTime();
            int handle = uptime.up(now);
            long hangUpBy = callLength.isZero() ? deadlineNanos : Math.min(deadlineNanos, now + callLength.toNanos());
            try {
                // the stepper counts a failed call and hangs it up; the line only waits (parked) for it to end
                stepper.start(new BenchCall(call, utterance, hangUpBy, results, asr, sounds, line)).join();
            } finally {
                uptime.down(handle, System.nanoTime());
            }
        } while (System.nanoTime() < deadlineNanos);
    }

    /** Calls placed so far, ended or not. */
    int placed() {
        return placed.get();
    }

    CallUptime uptime() {
        return uptime;
    }
}
