package io.callrobot.tts.polish;

import io.callrobot.tts.ForwardingTtsListener;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.ForwardingTtsEngine;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.util.Objects;

/**
 * Wraps a provider so that its audio joins without clicks and plays at one loudness: every chunk
 * is faded in and out ({@link EdgeFader}) and every reply is levelled to a target loudness with a
 * peak limiter ({@link LoudnessLeveler}). Text, chunk order and callbacks are unchanged; only the
 * samples differ, and the last few milliseconds of a chunk reach the listener with its end.
 *
 * <p>Place it outside the prompt cache: the cache then keeps the provider's own audio, which is
 * right because levelling depends on the reply a chunk is spoken in, and changing these settings
 * needs no cache purge. Polishing a cached chunk again costs a few multiplications per sample.
 */
public final class PolishingTtsEngine extends ForwardingTtsEngine {

    private final PolishConfig config;

    public PolishingTtsEngine(TtsEngine provider, PolishConfig config) {
        super(provider);
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public TtsStream open(TtsRequest request, TtsListener listener) {
        if (config.passThrough()) {
            return provider.open(request, listener);
        }
        return provider.open(request, new Polisher(listener, config));
    }

    /**
     * One reply's audio on its way to the listener. The stream calls back one callback at a time;
     * the lock only makes the state safe when successive callbacks come from different threads, and
     * is released before the next listener is called.
     */
    private static final class Polisher extends ForwardingTtsListener {

        private final EdgeFader fader;
        private final LoudnessLeveler leveler;

        Polisher(TtsListener listener, PolishConfig config) {
            super(listener);
            this.fader = new EdgeFader(config.fadeMillis());
            this.leveler = config.loudness().enabled() ? new LoudnessLeveler(config.loudness()) : null;
        }

        @Override
        public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
            short[] tail = null;
            int tailRate = 0;
            short[] out;
            synchronized (this) {
                if (fader.heldLength() > 0 && fader.sampleRate() != sampleRate) {
                    tailRate = fader.sampleRate();
                    tail = releaseTail(); // a provider changing rate mid-chunk: end the old rate's audio cleanly
                }
                if (leveler != null) {
                    leveler.measure(pcm, sampleRate);
                }
                out = fader.push(pcm, sampleRate);
                if (leveler != null) {
                    leveler.apply(out);
                }
                fader.fadeIn(out);
            }
            if (tail != null) {
                forward(chunk, tail, tailRate);
            }
            forward(chunk, out, sampleRate);
        }

        @Override
        public void onChunkDone(TextChunk chunk) {
            short[] tail;
            int tailRate;
            synchronized (this) {
                tailRate = fader.sampleRate();
                tail = releaseTail();
                if (leveler != null) {
                    leveler.chunkEnded();
                }
            }
            forward(chunk, tail, tailRate);
            next().onChunkDone(chunk);
        }

        /** The held tail, faded out, at the fader's rate; holds the lock. */
        private short[] releaseTail() {
            short[] tail = fader.drain();
            if (leveler != null) {
                leveler.apply(tail);
            }
            fader.fadeTail(tail);
            return tail;
        }

        private void forward(TextChunk chunk, short[] pcm, int sampleRate) {
            if (pcm.length > 0) {
                next().onAudio(chunk, pcm, sampleRate);
            }
        }
    }
}
