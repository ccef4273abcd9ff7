package io.callrobot.ops;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A call in progress as {@code GET /calls} and the live console show it.
 *
 * @param campaignId     the campaign that placed the call, else null
 * @param caller         the caller's number, whole: {@link #withNumbers} masks it for a reader
 * @param callee         the number called, whole
 * @param startedAt      when the call was connected
 * @param callerSpeaking the caller's voice is on, as the call's VAD heard it
 * @param robotSpeaking  a reply of the robot is playing
 * @param partial        the caller's words being recognised, not yet a turn; empty if none
 * @param transcript     the call's latest turns (at most {@link #TRANSCRIPT_TURNS}), oldest first
 */
public record LiveCall(String uuid, String direction, String flow, Long campaignId, String caller, String callee,
        String state, Instant startedAt, long ageMillis, int turns, String lastCallerText, String lastRobotText,
        boolean callerSpeaking, boolean robotSpeaking, String partial, List<TurnRecord> transcript) {

    /** Turns a snapshot carries: enough for a console to show the conversation's recent course. */
    public static final int TRANSCRIPT_TURNS = 20;

    public LiveCall {
        transcript = List.copyOf(transcript);
    }

    /** This call with its numbers as {@code phone} shows them (a reader's masking). */
    public LiveCall withNumbers(UnaryOperator<String> phone) {
        return new LiveCall(uuid, direction, flow, campaignId, phone.apply(caller), phone.apply(callee), state,
                startedAt, ageMillis, turns, lastCallerText, lastRobotText, callerSpeaking, robotSpeaking, partial,
                transcript);
    }

    /** All but the last four digits hidden, as the call log masks numbers; null stays null. */
    public static String lastFour(String number) {
        if (number == null || number.length() <= 4) {
            return number;
        }
        return "*".repeat(number.length() - 4) + number.substring(number.length() - 4);
    }
}
