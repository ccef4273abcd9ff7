package io.callrobot.call;

import io.callrobot.amd.AmdConfig;
import io.callrobot.amd.AmdEvidence;
import io.callrobot.amd.AmdVerdict;
import io.callrobot.amd.AnnouncementPhrases;
import io.callrobot.amd.MachineDetector;
import io.callrobot.amd.SitTone;
import io.callrobot.time.CallClock;
import io.callrobot.time.OwnerTimers;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Answering-machine detection of one outbound call, on the call's thread: feeds its
 * {@link MachineDetector} the caller's speech edges, transcripts and the tones {@link CallerAudio}
 * found, lets time pass with a timer tick while undecided, and hands the verdict on once.
 */
final class AnswerDetection {

    /** Often enough for the detector's pauses (800 ms and up) to be timed within a tenth of a second. */
    static final long TICK_MILLIS = 100;
    /** A message is left at the latest this long after the machine verdict, if the greeting never pauses. */
    static final long MAX_BEEP_WAIT_MILLIS = 20_000;

    private final MachineDetector detector;
    private final OwnerTimers timers;
    private final Consumer<AmdVerdict> decided;
    private CallClock.Timer tick;
    private boolean done;

    /** Starts detecting now (the call was answered); {@code decided} runs once, on the call's thread. */
    AnswerDetection(AmdConfig config, AnnouncementPhrases phrases, int sampleRate, OwnerTimers timers,
            Consumer<AmdVerdict> decided) {
        this.detector = new MachineDetector(config, phrases, millis(timers.nanoTime()), sampleRate);
        this.timers = timers;
        this.decided = decided;
        this.tick = timers.schedule(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    boolean decided() {
        return done;
    }

    void speechStarted(long firstVoicedNanos) {
        report(detector.onSpeechStart(millis(firstVoicedNanos)));
    }

    void speechEnded(long lastVoicedNanos) {
        report(detector.onSpeechEnd(millis(lastVoicedNanos)));
    }

    void transcript(String text, boolean isFinal) {
        report(detector.onTranscript(text, isFinal, now()));
    }

    void tone(SitTone tone) {
        report(detector.onTone(tone, now()));
    }

    /** Stops the ticks; no verdict is handed on after this. */
    void close() {
        done = true;
        if (tick != null) {
            tick.cancel();
        }
    }

    private void tick() {
        tick = null;
        report(detector.onTick(now()));
        if (!done) {
            tick = timers.schedule(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void report(Optional<AmdVerdict> verdict) {
        if (done || verdict.isEmpty()) {
            return;
        }
        close();
        decided.accept(verdict.get());
    }

    /** The evidence in a line of the call record. */
    static String describe(AmdEvidence evidence) {
        return switch (evidence) {
            case AmdEvidence.Phrase p -> "phrase \"" + p.match().phrase() + "\" (" + p.match().language() + ") in \""
                    + p.match().heard() + "\"" + (p.match().exact() ? "" : ", one character off");
            case AmdEvidence.Tone t -> "SIT " + t.tone().code() + " " + Math.round(t.tone().firstHz()) + "/"
                    + Math.round(t.tone().secondHz()) + "/" + Math.round(t.tone().thirdHz()) + " Hz";
            case AmdEvidence.LongSpeech l -> l.speechMillis() + " ms of speech without a pause";
            case AmdEvidence.ShortGreeting g -> "a greeting of " + g.speechMillis() + " ms, then " + g.silenceMillis()
                    + " ms of silence";
            case AmdEvidence.WindowClosed w -> "nothing conclusive in the window (" + w.speechMillis() + " ms of speech)";
        };
    }

    private long now() {
        return millis(timers.nanoTime());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
