package io.callrobot.sim;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that sends caller audio for every simulated call: a frame per call every 20 ms
 * on absolute deadlines, like the phone's RTP that FreeSWITCH's park loop forwards
 * (switch_ivr.c, switch_ivr_park). The loop allocates nothing.
 */
final class AudioPacer implements AutoCloseable {

    static final long FRAME_NANOS = 20_000_000L;
    /** After a stall longer than this (e.g. a long GC pause) the clock resynchronises instead of bursting. */
    private static final long MAX_LAG_NANOS = 5 * FRAME_NANOS;
    private static final Logger LOG = LoggerFactory.getLogger(AudioPacer.class);

    private final Thread thread;
    private volatile UnicastMedia[] streams = new UnicastMedia[0];
    private volatile boolean running = true;

    AudioPacer() {
        thread = Thread.ofPlatform().name("sim-audio-pacer").daemon().unstarted(this::run);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    synchronized void add(UnicastMedia media) {
        UnicastMedia[] next = Arrays.copyOf(streams, streams.length + 1);
        next[next.length - 1] = media;
        streams = next;
    }

    synchronized void remove(UnicastMedia media) {
        UnicastMedia[] current = streams;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == media) {
                UnicastMedia[] next = new UnicastMedia[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                streams = next;
                return;
            }
        }
    }

    private void run() {
        long deadline = System.nanoTime();
        while (running) {
            deadline += FRAME_NANOS;
            long wait;
            while ((wait = deadline - System.nanoTime()) > 0 && running) {
                LockSupport.parkNanos(wait);
            }
            long now = System.nanoTime();
            if (now - deadline > MAX_LAG_NANOS) {
                LOG.warn("audio pacer stalled {} ms; resynchronising", (now - deadline) / 1_000_000);
                deadline = now;
            }
            UnicastMedia[] current = streams;
            for (int i = 0; i < current.length; i++) {
                current[i].sendFrame(now);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
