package io.callrobot.amd;

import java.util.Optional;

/**
 * Decides, in the first seconds after an outbound call is answered, whether a person, a voicemail,
 * a carrier announcement or an AI call-secretary answered. Driven by the call's events, each with a
 * time in milliseconds from one monotonic clock (e.g. the call's {@code CallClock}), never wall time:
 * the caller's speech start and end from the VAD, ASR partial and final transcripts, and the
 * caller's audio frames for the {@link SitToneDetector}; {@link #onTick} lets the time pass when no
 * event comes. Every method returns the verdict once there is one; it never changes after that.
 *
 * <p>Rules, first to hold wins: a phrase in any transcript gives its class; a SIT sequence gives
 * {@code invalid_number} or {@code unreachable}; speech running {@link AmdConfig#longSpeechMillis}
 * without a pause of {@link AmdConfig#greetingSilenceMillis} is a {@code machine} (up to
 * {@link AmdConfig#transcriptWaitMillis} later if a part of it that ended still awaits its final
 * transcript, which may name an announcement); speech of at most
 * {@link AmdConfig#maxGreetingMillis} followed by that pause is a {@code human} (once its final
 * transcript came, or {@link AmdConfig#transcriptWaitMillis} later); at the end of
 * {@link AmdConfig#windowMillis} it is {@code unknown}. One instance per call, one thread.
 */
public final class MachineDetector {

    private final AmdConfig config;
    private final AnnouncementPhrases phrases;
    private final SitToneDetector tones = new SitToneDetector();
    private final long answeredAt;
    private final int sampleRate;
    private short[] narrow = new short[0];

    private AmdVerdict verdict;
    private boolean speaking;
    private long speechStart;
    private long speechEnd = -1;
    private long spurtStart = -1;
    private long speechMillis;
    /** An utterance ended and its final transcript has not come: it may still name an announcement. */
    private boolean awaitingFinal;
    private long longSpeechAt = -1;
    private boolean finalHeard;

    /**
     * @param answeredAtMillis when the call was answered, on the clock of the events' times
     * @param sampleRate       rate of the audio given to {@link #onAudio}: 8000, or 16000 (halved for the tone detector)
     */
    public MachineDetector(AmdConfig config, AnnouncementPhrases phrases, long answeredAtMillis, int sampleRate) {
        if (sampleRate != SitToneDetector.SAMPLE_RATE && sampleRate != 2 * SitToneDetector.SAMPLE_RATE) {
            throw new IllegalArgumentException("answering-machine detection takes 8000 or 16000 Hz audio, not " + sampleRate);
        }
        this.config = config;
        this.phrases = phrases;
        this.answeredAt = answeredAtMillis;
        this.sampleRate = sampleRate;
    }

    /** The verdict, if decided. */
    public Optional<AmdVerdict> verdict() {
        return Optional.ofNullable(verdict);
    }

    /** The VAD heard the callee start speaking. */
    public Optional<AmdVerdict> onSpeechStart(long nowMillis) {
        if (verdict == null && !speaking) {
            speaking = true;
            speechStart = nowMillis;
            if (spurtStart < 0 || nowMillis - speechEnd >= config.greetingSilenceMillis()) {
                spurtStart = nowMillis;
            }
            finalHeard = false;
        }
        return check(nowMillis);
    }

    /** The VAD heard the callee stop speaking. */
    public Optional<AmdVerdict> onSpeechEnd(long nowMillis) {
        if (verdict == null && speaking) {
            speaking = false;
            speechEnd = nowMillis;
            speechMillis += nowMillis - speechStart;
            awaitingFinal = true;
        }
        return check(nowMillis);
    }

    /** A partial or final ASR transcript of the callee's speech. */
    public Optional<AmdVerdict> onTranscript(String text, boolean isFinal, long nowMillis) {
        if (verdict == null) {
            Optional<PhraseMatch> match = phrases.match(text);
            if (match.isPresent()) {
                return decide(match.get().result(), nowMillis, new AmdEvidence.Phrase(match.get()));
            }
            finalHeard |= isFinal;
            awaitingFinal &= !isFinal;
        }
        return check(nowMillis);
    }

    /** The callee's audio; signed 16-bit mono at the rate given at construction. */
    public Optional<AmdVerdict> onAudio(short[] samples, int offset, int length, long nowMillis) {
        if (verdict == null) {
            SitTone tone = sampleRate == SitToneDetector.SAMPLE_RATE
                    ? tones.process(samples, offset, length)
                    : tones.process(halve(samples, offset, length), 0, length / 2);
            if (tone != null) {
                return decide(tone.result(), nowMillis, new AmdEvidence.Tone(tone));
            }
        }
        return check(nowMillis);
    }

    /**
     * A tone sequence a {@link SitToneDetector} run elsewhere found (e.g. on the media thread, so
     * audio need not be handed over frame by frame).
     */
    public Optional<AmdVerdict> onTone(SitTone tone, long nowMillis) {
        if (verdict == null) {
            return decide(tone.result(), nowMillis, new AmdEvidence.Tone(tone));
        }
        return check(nowMillis);
    }

    /** Lets time pass without an event; call it every frame or from a timer. */
    public Optional<AmdVerdict> onTick(long nowMillis) {
        return check(nowMillis);
    }

    private Optional<AmdVerdict> check(long now) {
        if (verdict != null) {
            return Optional.of(verdict);
        }
        if (spurtStart >= 0) {
            long spurt = (speaking ? now : speechEnd) - spurtStart;
            if (spurt >= config.longSpeechMillis()) {
                if (longSpeechAt < 0) {
                    longSpeechAt = now;
                }
                // a repeated announcement is long speech too: its late transcript names it better than its length
                boolean transcriptDue = awaitingFinal && now - longSpeechAt < config.transcriptWaitMillis()
                        && now - answeredAt < config.windowMillis();
                if (!transcriptDue) {
                    return decide(AmdResult.MACHINE, now, new AmdEvidence.LongSpeech(spurt));
                }
                return Optional.empty();
            }
            long silence = now - speechEnd;
            if (!speaking && spurt <= config.maxGreetingMillis() && silence >= config.greetingSilenceMillis()
                    && (finalHeard || silence >= config.greetingSilenceMillis() + config.transcriptWaitMillis())) {
                return decide(AmdResult.HUMAN, now, new AmdEvidence.ShortGreeting(spurt, silence));
            }
        }
        if (now - answeredAt >= config.windowMillis()) {
            long heard = speechMillis + (speaking ? now - speechStart : 0);
            return decide(AmdResult.UNKNOWN, now, new AmdEvidence.WindowClosed(heard));
        }
        return Optional.empty();
    }

    private Optional<AmdVerdict> decide(AmdResult result, long now, AmdEvidence evidence) {
        verdict = new AmdVerdict(result, now - answeredAt, evidence);
        return Optional.of(verdict);
    }

    /** 16 kHz to 8 kHz by averaging pairs, a low-pass good enough for tones below 2 kHz. */
    private short[] halve(short[] samples, int offset, int length) {
        if (narrow.length < length / 2) {
            narrow = new short[length / 2]; // grows once to the frame size
        }
        for (int i = 0; i < length / 2; i++) {
            narrow[i] = (short) ((samples[offset + 2 * i] + samples[offset + 2 * i + 1]) / 2);
        }
        return narrow;
    }
}
