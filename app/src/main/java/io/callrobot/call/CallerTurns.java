package io.callrobot.call;

import io.callrobot.time.CallClock;
import io.callrobot.time.OwnerTimers;
import java.util.concurrent.TimeUnit;

/**
 * Decides when the caller has finished a turn: at the ASR's final transcript, or {@code finalWait}
 * after the VAD heard the caller stop, with the last partial transcript, whichever comes first
 * (design.md section 2, "Turn end"). With {@code finalNeedsSilence}, a final that arrives while
 * the VAD still hears speech is kept until the silence, so a caller who pauses mid-sentence is
 * not answered half-way. One turn per utterance, however many results follow it.
 * Driven from the call's executor only; its time-out runs there too.
 */
final class CallerTurns {

    /** What the call does with a finished turn. */
    interface Listener {
        /** The caller said {@code text}; {@code eouNanos} is the end of the utterance, {@code finalNanos} when the text was settled. */
        void turnEnded(String text, long eouNanos, long finalNanos);

        /** The caller made a sound but no words came of it (a cough, line noise). */
        void nothingSaid();
    }

    private final OwnerTimers timers;
    private final long finalWaitMillis;
    private final boolean finalNeedsSilence;
    private final Listener listener;
    private String heldFinal = "";
    private int utterance;
    private int handled = -1;
    private boolean speaking;
    private String partial = "";
    private long eouNanos;
    private CallClock.Timer finalWait;

    CallerTurns(OwnerTimers timers, long finalWaitMillis, boolean finalNeedsSilence, Listener listener) {
        this.timers = timers;
        this.finalWaitMillis = finalWaitMillis;
        this.finalNeedsSilence = finalNeedsSilence;
        this.listener = listener;
    }

    boolean speaking() {
        return speaking;
    }

    void speechStarted() {
        speaking = true;
        utterance++;
        partial = "";
        cancelFinalWait();
    }

    void speechEnded(long lastVoicedNanos) {
        speaking = false;
        if (handled == utterance) {
            return;
        }
        eouNanos = lastVoicedNanos;
        if (!heldFinal.isEmpty()) {
            String text = heldFinal;
            heldFinal = "";
            end(text, lastVoicedNanos, timers.nanoTime());
            return;
        }
        int current = utterance;
        finalWait = timers.schedule(() -> finalOverdue(current), finalWaitMillis, TimeUnit.MILLISECONDS);
    }

    void partial(String text) {
        partial = text;
    }

    /** A final transcript, received at {@code nowNanos}. */
    void finalText(String text, long nowNanos) {
        if (handled == utterance) {
            return;
        }
        if (text.isBlank()) {
            if (!speaking && partial.isBlank() && finalWait != null) {
                // the recogniser settled the utterance and found no words: no need to wait on
                handled = utterance;
                cancelFinalWait();
                listener.nothingSaid();
            }
            return;
        }
        if (finalNeedsSilence && speaking) {
            heldFinal = heldFinal.isEmpty() ? text : joined(heldFinal, text);
            return;
        }
        end(text, speaking ? nowNanos : eouNanos, nowNanos);
    }

    /** Two finals of one utterance; latin words keep a space between them, hanzi do not. */
    private static String joined(String first, String second) {
        return latinWord(first.charAt(first.length() - 1)) && latinWord(second.charAt(0))
                ? first + " " + second : first + second;
    }

    private static boolean latinWord(char c) {
        return c < 0x3000 && Character.isLetterOrDigit(c); // below CJK punctuation and ideographs
    }

    private void finalOverdue(int forUtterance) {
        if (handled == forUtterance || utterance != forUtterance) {
            return;
        }
        if (partial.isBlank()) {
            listener.nothingSaid();
        } else {
            end(partial, eouNanos, timers.nanoTime());
        }
    }

    private void end(String text, long eou, long finalNanos) {
        handled = utterance;
        cancelFinalWait();
        listener.turnEnded(text, eou == 0 ? finalNanos : Math.min(eou, finalNanos), finalNanos);
    }

    void close() {
        cancelFinalWait();
    }

    private void cancelFinalWait() {
        if (finalWait != null) {
            finalWait.cancel();
            finalWait = null;
        }
    }
}
