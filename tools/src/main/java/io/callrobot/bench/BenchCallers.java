package io.callrobot.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs every simulated caller's {@link BenchCall} on one thread, stepping each every 20 ms (the
 * frame clock: nothing a caller waits for changes faster). One wake-up per tick for all callers,
 * where a thread per caller polling its call would wake hundreds of times as often.
 */
final class BenchCallers implements AutoCloseable {

    private static final long TICK_MILLIS = 20;

    private final BenchResults results;
    private final PrintStream out;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("bench-callers").daemon().factory());
    private final ConcurrentLinkedQueue<Running> added = new ConcurrentLinkedQueue<>();
    // Ticker thread only.
    private final List<Running> active = new ArrayList<>();

    private record Running(BenchCall caller, CompletableFuture<Void> done) {
    }

    BenchCallers(BenchResults results, PrintStream out) {
        this.results = results;
        this.out = out;
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts stepping {@code caller}; the future completes when it hung up or failed (counted as failed). */
    CompletableFuture<Void> start(BenchCall caller) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        added.add(new Running(caller, done));
        return done;
    }

    private void tick() {
        for (Running r; (r = added.poll()) != null; ) {
            active.add(r);
        }
        long now = System.nanoTime();
        for (Iterator<Running> it = active.iterator(); it.hasNext(); ) {
            Running r = it.next();
            try {
                if (r.caller().step(now)) {
                    it.remove();
                    r.done().complete(null);
                }
            } catch (RuntimeException e) {
                // one caller's failure must not stop the others' ticks
                it.remove();
                results.callsFailed.incrementAndGet();
                out.println("call " + r.caller().call().uuid() + " failed: " + e);
                r.caller().call().hangup("NORMAL_CLEARING");
                r.done().complete(null);
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
