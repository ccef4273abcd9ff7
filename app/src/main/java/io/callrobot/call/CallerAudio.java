package io.callrobot.call;

import io.callrobot.amd.SitTone;
import io.callrobot.amd.SitToneDetector;
import io.callrobot.asr.AsrStream;
import io.callrobot.media.InboundAudioListener;
import io.callrobot.time.CallClock;
import io.callrobot.vad.Vad;
import java.util.function.Consumer;

/**
 * The caller's audio as it arrives from FreeSWITCH, on the media I/O thread: feeds the ASR stream
 * and the VAD, and reports the edges of the caller's speech to both (providers that transcribe
 * whole utterances need them). Allocates nothing per frame; the edges (a few per utterance) are
 * handed to the call. On outbound calls it also listens for special information tones during the
 * detection window, here rather than on the call's thread so audio is never handed over per frame;
 * only a tone found is.
 */
final class CallerAudio implements InboundAudioListener {

    /** Speech edges, called on the media thread: implementations hand off and return. */
    interface Edges {
        /** Speech confirmed; {@code firstVoicedNanos} is when its first voiced frame arrived. */
        void speechStarted(long firstVoicedNanos);

        /** Speech over; {@code lastVoicedNanos} is the end of the utterance (eou). */
        void speechEnded(long lastVoicedNanos);

        /**
         * Within speech, the voice went quiet after {@code lastVoicedNanos}; speech ends only if it stays
         * quiet for the VAD's minimum silence.
         */
        void voicePaused(long lastVoicedNanos);

        /** Within speech, the voice came back after {@link #voicePaused}. */
        void voiceResumed(long nowNanos);
    }

    private final Vad vad;
    private final int sampleRate;
    private final long minSpeechNanos;
    private final long minSilenceNanos;
    private final Edges edges;
    private final CallClock clock;
    private volatile AsrStream asr;
    private boolean speaking;
    private boolean quiet;
    private volatile SitToneDetector tones;
    private volatile long tonesUntilNanos;
    private volatile Consumer<SitTone> toneFound;
    /** 16 kHz frames halved for the tone detector; grows once to the frame size. */
    private short[] narrow = new short[0];

    CallerAudio(Vad vad, int sampleRate, long minSpeechNanos, long minSilenceNanos, Edges edges, CallClock clock) {
        this.vad = vad;
        this.sampleRate = sampleRate;
        this.minSpeechNanos = minSpeechNanos;
        this.minSilenceNanos = minSilenceNanos;
        this.edges = edges;
        this.clock = clock;
    }

    void asr(AsrStream stream) {
        this.asr = stream;
    }

    /**
     * Listens for special information tones until {@code untilNanos} (the call's clock); the first
     * sequence heard goes to {@code found}, on the media thread. Call before audio flows.
     */
    void detectTones(long untilNanos, Consumer<SitTone> found) {
        this.toneFound = found;
        this.tonesUntilNanos = untilNanos;
        this.tones = new SitToneDetector();
    }

    @Override
    public void onAudio(short[] samples, int length) {
        SitToneDetector sit = tones;
        if (sit != null) {
            listenForTones(sit, samples, length);
        }
        AsrStream stream = asr;
        if (stream != null) {
            stream.send(samples, 0, length);
        }
        boolean is = vad.process(samples, 0, length);
        // Compare with what this class last saw, not with vad.speaking(): a batched VAD decides on
        // its own thread, and reading its state separately could skip an edge.
        if (is != speaking) {
            speaking = is;
            if (stream != null) {
                if (is) {
                    stream.speechStarted();
                } else {
                    stream.speechEnded();
                }
            }
            quiet = false;
            edge(is, clock.nanoTime(), length * 1_000_000_000L / sampleRate);
        } else if (is) {
            double quietMillis = vad.quietMillis();
            if (quietMillis > 0 != quiet) {
                quiet = quietMillis > 0;
                long now = clock.nanoTime();
                if (quiet) {
                    edges.voicePaused(now - (long) (quietMillis * 1_000_000));
                } else {
                    edges.voiceResumed(now);
                }
            }
        }
    }

    private void listenForTones(SitToneDetector sit, short[] samples, int length) {
        if (clock.nanoTime() >= tonesUntilNanos) {
            tones = null;
            return;
        }
        SitTone tone;
        if (sampleRate == SitToneDetector.SAMPLE_RATE) {
            tone = sit.process(samples, 0, length);
        } else {
            int half = length / 2;
            if (narrow.length < half) {
                narrow = new short[half];
            }
            for (int i = 0; i < half; i++) {
                // 16 kHz to 8 kHz by averaging pairs: low-pass enough for tones below 2 kHz
                narrow[i] = (short) ((samples[2 * i] + samples[2 * i + 1]) / 2);
            }
            tone = sit.process(narrow, 0, half);
        }
        if (tone != null) {
            tones = null;
            toneFound.accept(tone);
        }
    }

    private void edge(boolean started, long now, long frameNanos) {
        if (started) {
            // minSpeech of voice includes this frame: the first voiced frame arrived minSpeech − one frame ago
            edges.speechStarted(now - minSpeechNanos + frameNanos);
        } else {
            edges.speechEnded(now - minSilenceNanos);
        }
    }
}
