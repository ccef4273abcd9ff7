package io.callrobot.ops;

import io.callrobot.llm.LlmUsage;
import java.util.Map;

/**
 * One turn of a call as the call log keeps it.
 *
 * @param speaker     {@code robot} or {@code caller}
 * @param input       for caller turns: {@code speech}, {@code dtmf}, {@code no_input}, {@code noise}
 *                    (sound over the robot that held no words: the robot paused and played on) or
 *                    {@code backchannel} (words over the robot that did not interrupt it)
 * @param text        for the robot, only what the caller heard
 * @param planned     for an interrupted robot turn, all the dialog had written for it when it was cut
 *                    (what was meant; {@code text} is the part heard); null when the turn played whole
 * @param interrupted the robot was cut off by a barge-in
 * @param atMillis    milliseconds since the call was connected
 * @param latency     the turn's latency marks in milliseconds (robot turns), see {@link LatencyMark}
 * @param tts         robot turns through the prompt cache: chunks and how many of them were cached; else null
 * @param llm         robot turns answered by an LLM whose server reported usage: the tokens it cost; else null
 */
public record TurnRecord(int turn, String speaker, String input, String text, String planned, boolean interrupted,
        long atMillis, Map<String, Double> latency, TtsChunks tts, LlmUsage llm) {
}
