package io.callrobot.sim;

import io.callrobot.media.PcmAudio;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caller's voice: utterances queued by tests, rendered to wire frames once ({@link WireAudio}),
 * handed out a frame at a time to the pacing thread. {@link #next} allocates nothing.
 */
final class CallerAudioSource {

    /** A frame whose peak reaches this is "voiced" (about -36 dBFS). */
    static final int VOICED_PEAK = 500;

    private final int sampleRate;
    private final WireAudio wire;
    private final ConcurrentLinkedQueue<WireAudio.Utterance> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingUtterances = new AtomicInteger();
    // Pacing thread only.
    private WireAudio.Utterance current;
    private int position;
    private boolean voiced;

    CallerAudioSource(int sampleRate, WireAudio wire) {
        this.sampleRate = sampleRate;
        this.wire = wire;
    }

    void play(PcmAudio audio) {
        WireAudio.Utterance utterance = wire.render(audio, sampleRate);
        if (utterance.frames() == 0) {
            return;
        }
        pendingUtterances.incrementAndGet();
        queue.add(utterance);
    }

    /** True when every queued utterance has been sent. */
    boolean idle() {
        return pendingUtterances.get() == 0;
    }

    /**
     * The next frame of utterance audio in the chosen format, or null for a pause between
     * utterances. The buffer is shared: send it before asking for the next frame.
     */
    ByteBuffer next(boolean nativeMode) {
        if (current == null) {
            current = queue.poll();
            position = 0;
            if (current == null) {
                voiced = false;
                return null;
            }
        }
        voiced = current.voiced()[position];
        ByteBuffer frame = current.frame(position++, nativeMode);
        if (position >= current.frames()) {
            current = null;
            pendingUtterances.decrementAndGet();
        }
        return frame;
    }

    /** Whether the frame {@link #next} returned last was voiced. */
    boolean lastVoiced() {
        return voiced;
    }
}
