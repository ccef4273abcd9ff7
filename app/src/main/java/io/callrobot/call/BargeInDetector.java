package io.callrobot.call;

import io.callrobot.dialog.BargeIn;
import io.callrobot.media.Heard;
import io.callrobot.time.CallClock;
import io.callrobot.time.OwnerTimers;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether caller sound over the robot is an interruption, per the playing prompt's
 * {@link BargeIn} mode, and stops, pauses or resumes playout accordingly:
 * <ul>
 * <li>{@code vad}: speech lasting {@code minSpeechMillis} pauses playout at once; the first
 *     recognised word that is not a backchannel confirms the interruption; a short burst (a cough,
 *     a click, a door, a 嗯) resumes the prompt where it stopped once the voice has been quiet for
 *     {@code shortSoundResume}, and voice coming back pauses it again; otherwise no word within
 *     {@code resumeAfter} of the end of the sound resumes it. Without a recogniser the pause is
 *     final.
 * <li>{@code words}: the robot talks on until a word that is not a backchannel arrives.
 * <li>{@code disabled}: caller sound is ignored.
 * </ul>
 * Whatever the mode, a turn never starts talking over a caller who is mid-utterance: its audio
 * is held until the caller's words settle it (interrupt) or the sound came to nothing (play).
 *
 * <p>This is the call's fast path: the media thread (VAD edges) and the recogniser's thread
 * (words) call it directly so that playout stops within one frame, and the call's thread calls it
 * for turns, timers and caller turns; hence one lock, held only for short non-blocking work. Under
 * that lock it may take the playout queue's lock (never the other way round). Its verdicts go to
 * the {@link Owner} through the call's executor, never called under the lock.
 */
final class BargeInDetector {

    /** The playout of one call. */
    interface Playback {
        void pause();

        void resume();

        /** Cuts {@code turnId}: drops what is queued, refuses its later audio, returns what the caller heard. */
        Heard interrupt(int turnId);
    }

    /** The call's side: called on the call's executor. */
    interface Owner {
        /**
         * The caller interrupted {@code turnId}; playout has stopped. {@code stopNanos} is from the
         * caller's first voiced frame to the robot's stop, or -1 if the robot was not yet audible.
         */
        void interrupted(int turnId, Heard heard, long stopNanos);

        /** Caller sound held or paused {@code turnId} for {@code pausedNanos} and came to nothing: it plays on. */
        void resumed(int turnId, long pausedNanos);
    }

    /** What a finished caller utterance means for the robot turn it overlapped. */
    enum Verdict {
        /** Take the caller's turn: the robot's turn is (or already was) interrupted. */
        INTERRUPT,
        /** Not a turn (a backchannel, or said over an uninterruptible prompt): the robot plays on. */
        IGNORE
    }

    /** How many times {@code resumeAfter} a pause may last while the caller's sound goes on. */
    private static final int MAX_PAUSE_FACTOR = 4;

    private final Playback playback;
    private final OwnerTimers timers;
    private final Executor callThread;
    private final BargeIn serverDefault;
    private final long resumeAfterNanos;
    private final long shortSoundNanos;
    private final long shortSoundResumeNanos;
    private final Owner owner;

    private boolean recognizer;
    private int turnId = -1;
    private BargeIn.Mode mode;
    private long minSpeechNanos;
    private List<String> ignoreList;
    private Backchannels backchannels;
    private boolean audible;
    private boolean speaking;
    private long firstVoicedNanos;
    private int utterance;
    private int consumed;
    /** The current utterance began over the robot's turn (or the turn began during it). */
    private boolean overRobot;
    private long pausedAt;
    /** Start of the caller's current voiced burst: the utterance's first voiced frame or the voice's return. */
    private long burstStart;
    /** A short burst's resume is pending: the VAD's end of speech must not put it off. */
    private boolean shortResumePending;
    /** A short burst resumed the robot; the utterance may still turn out to be speech. */
    private boolean shortResumed;
    private CallClock.Timer timer;

    /**
     * @param timers        the call's timers: their tasks run on the call's executor
     * @param callThread    the call's executor, where the owner hears the verdicts
     * @param serverDefault every field set: the server's {@code call.bargeIn} settings
     * @param shortSoundNanos       a burst at most this long that paused the robot without a word ...
     * @param shortSoundResumeNanos ... resumes it after this much quiet
     */
    BargeInDetector(Playback playback, OwnerTimers timers, Executor callThread, BargeIn serverDefault,
            long resumeAfterNanos, long shortSoundNanos, long shortSoundResumeNanos, Owner owner) {
        this.playback = playback;
        this.timers = timers;
        this.callThread = callThread;
        this.serverDefault = serverDefault;
        this.resumeAfterNanos = resumeAfterNanos;
        this.shortSoundNanos = shortSoundNanos;
        this.shortSoundResumeNanos = shortSoundResumeNanos;
        this.owner = owner;
        apply(serverDefault);
    }

    /** Whether words are recognised at all; without them a pause cannot be confirmed, so it is final. */
    synchronized void recognizer(boolean running) {
        recognizer = running;
    }

    // ---- robot turns (call executor, dialog threads, pacer) ----------------------------------

    synchronized void turnStarted(int id) {
        if (pausedAt != 0) {
            playback.resume();
        }
        resolved();
        turnId = id;
        audible = false;
        shortResumed = false;
        apply(serverDefault);
        overRobot = speaking && utterance != consumed;
        if (overRobot) {
            pause(timers.nanoTime()); // the caller is still talking: hold the reply
        }
    }

    /** The turn's prompt says how it may be interrupted. */
    synchronized void policy(int id, BargeIn bargeIn) {
        if (id == turnId) {
            apply(bargeIn.over(serverDefault));
        }
    }

    /** The turn's first frame went out: from now on the caller hears it. */
    synchronized void audible(int id) {
        if (id == turnId) {
            audible = true;
        }
    }

    /** The turn played out, was interrupted or the call ended. */
    synchronized void turnEnded(int id) {
        if (id == turnId) {
            if (pausedAt != 0) {
                playback.resume();
            }
            resolved();
            turnId = -1;
        }
    }

    /** The caller's current utterance became a caller turn: the robot's answer must not wait for it. */
    synchronized void utteranceTaken() {
        consumed = utterance;
    }

    // ---- caller sound (media thread, recogniser thread, timers) -------------------------------

    synchronized void speechStarted(long firstVoiced) {
        speaking = true;
        utterance++;
        firstVoicedNanos = firstVoiced;
        burstStart = firstVoiced;
        shortResumed = false;
        overRobot = turnId >= 0;
        if (pausedAt != 0) {
            armResume(); // more sound while paused: its words may still come
            return;
        }
        if (!overRobot) {
            return;
        }
        if (!audible) {
            pause(timers.nanoTime());
        } else if (mode == BargeIn.Mode.VAD) {
            long wait = firstVoiced + minSpeechNanos - timers.nanoTime();
            if (wait <= 0) {
                confirmSpeech();
            } else {
                int current = utterance;
                cancelTimer();
                timer = timers.schedule(() -> speechLasted(current), wait, TimeUnit.NANOSECONDS);
            }
        }
    }

    synchronized void speechEnded() {
        speaking = false;
        if (pausedAt == 0) {
            cancelTimer(); // too short to pause the robot
        } else if (shortResumePending) {
            return; // the short burst's resume is already due
        } else if (!recognizer) {
            resume(true); // held for a caller who has stopped, and no words will come
        } else {
            armResume();
        }
    }

    /**
     * Within the caller's utterance the voice went quiet after {@code lastVoiced}. If the burst that
     * paused the robot was short and brought no word, it was most likely a cough, a click, a door or a
     * 嗯: the robot resumes after {@code shortSoundResume} of quiet instead of after the VAD's minimum
     * silence plus {@code resumeAfter}.
     */
    synchronized void voicePaused(long lastVoiced) {
        if (pausedAt == 0 || !audible || mode != BargeIn.Mode.VAD || lastVoiced - burstStart > shortSoundNanos) {
            return;
        }
        cancelTimer();
        long paused = pausedAt;
        long wait = Math.max(0, lastVoiced + shortSoundResumeNanos - timers.nanoTime());
        shortResumePending = true;
        timer = timers.schedule(() -> shortSoundOver(paused), wait, TimeUnit.NANOSECONDS);
    }

    /** The caller's voice came back within the utterance: it may be speech after all. */
    synchronized void voiceResumed(long now) {
        burstStart = now;
        if (pausedAt != 0) {
            shortResumePending = false;
            armResume();
        } else if (shortResumed && turnId >= 0 && overRobot && mode == BargeIn.Mode.VAD) {
            pause(now); // more voice after a short burst: pause again at once
        }
    }

    /**
     * Recognised text (partial or final) of the caller's current utterance, on the recogniser's
     * thread before the call sees it: a word that interrupts stops playout from here.
     */
    synchronized void words(String text) {
        if (turnId < 0 || !overRobot || text.isBlank() || mode == BargeIn.Mode.DISABLED) {
            return;
        }
        if (backchannels.only(text)) {
            return; // a listening noise, or the first word of more: wait for the rest or the final
        }
        interrupt(timers.nanoTime());
    }

    // ---- caller turns (call executor) --------------------------------------------------------

    /** A caller turn ended while the robot's turn was still on. */
    synchronized Verdict callerSaid(String text) {
        if (turnId < 0) {
            return Verdict.INTERRUPT; // already cut from another thread; the cut is queued on the call
        }
        if (mode == BargeIn.Mode.DISABLED || backchannels.only(text)) {
            if (pausedAt != 0) {
                resume(false); // the call records what was said instead
            }
            return Verdict.IGNORE;
        }
        return Verdict.INTERRUPT;
    }

    /** The caller pressed a key over the turn; same as {@link #callerSaid} for a word. */
    synchronized Verdict keyPressed() {
        return turnId >= 0 && mode == BargeIn.Mode.DISABLED ? Verdict.IGNORE : Verdict.INTERRUPT;
    }

    /** Interrupts the turn now (after an {@link Verdict#INTERRUPT}); the owner hears of it as usual. */
    synchronized void interruptNow() {
        if (turnId >= 0) {
            interrupt(timers.nanoTime());
        }
    }

    /** The caller's sound ended without words. */
    synchronized void nothingSaid() {
        if (turnId >= 0 && pausedAt != 0) {
            resume(true);
        }
    }

    synchronized void close() {
        resolved();
        turnId = -1;
    }

    // ---- internals (lock held) ---------------------------------------------------------------

    private void speechLasted(int forUtterance) {
        synchronized (this) {
            if (forUtterance == utterance && speaking && turnId >= 0 && pausedAt == 0) {
                confirmSpeech();
            }
        }
    }

    private void shortSoundOver(long paused) {
        synchronized (this) {
            if (turnId >= 0 && pausedAt == paused) {
                resume(true);
                overRobot = true; // the utterance may go on: its words or its voice coming back still count
                shortResumed = true;
            }
        }
    }

    private void confirmSpeech() {
        if (recognizer) {
            pause(timers.nanoTime());
        } else {
            interrupt(timers.nanoTime());
        }
    }

    private void pause(long now) {
        playback.pause();
        pausedAt = now;
        armResume();
    }

    /**
     * Words may take a while: utterance-based recognisers answer only after the caller stops. So a
     * pause lasts {@code resumeAfter} from the end of the caller's sound, and at most
     * {@link #MAX_PAUSE_FACTOR} times that while the sound goes on (babble that never ends).
     */
    private void armResume() {
        cancelTimer();
        long paused = pausedAt;
        long wait = speaking ? MAX_PAUSE_FACTOR * resumeAfterNanos : resumeAfterNanos;
        timer = timers.schedule(() -> pauseOverdue(paused), wait, TimeUnit.NANOSECONDS);
    }

    private void pauseOverdue(long paused) {
        synchronized (this) {
            if (turnId >= 0 && pausedAt == paused) {
                resume(true);
            }
        }
    }

    private void resume(boolean report) {
        long paused = timers.nanoTime() - pausedAt;
        playback.resume();
        resolved();
        overRobot = false; // the rest of this sound was judged: it is not an interruption
        if (report) {
            int id = turnId;
            callThread.execute(() -> owner.resumed(id, paused));
        }
    }

    private void interrupt(long now) {
        int id = turnId;
        Heard heard = playback.interrupt(id);
        long stoppedAt = pausedAt != 0 ? pausedAt : now;
        long stopNanos = audible ? Math.max(0, stoppedAt - firstVoicedNanos) : -1;
        resolved();
        turnId = -1;
        callThread.execute(() -> owner.interrupted(id, heard, stopNanos));
    }

    private void resolved() {
        pausedAt = 0;
        shortResumePending = false;
        cancelTimer();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void apply(BargeIn policy) {
        mode = policy.mode();
        minSpeechNanos = TimeUnit.MILLISECONDS.toNanos(policy.minSpeechMillis());
        if (!policy.ignore().equals(ignoreList)) {
            ignoreList = policy.ignore();
            backchannels = new Backchannels(ignoreList);
        }
    }
}
