package io.callrobot.ops.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The last hour of ended calls, as the dashboard shows them.
 *
 * @param from          the start of the first minute counted
 * @param to            when the figures were taken
 * @param calls         calls that ended in the hour
 * @param callsPerMinute ended calls per minute, oldest first, every minute present
 * @param results       calls by result tag
 * @param hangupCauses  calls by FreeSWITCH hangup cause
 * @param errorsByStage errors the calls met, by stage ({@code asr}, {@code llm}, {@code tts}, {@code media}, {@code esl}, ...)
 * @param voiceToVoice  the robot turns' voice_to_voice in milliseconds
 * @param bargeInStop   the interruptions' barge_in_stop in milliseconds
 */
public record HourFigures(Instant from, Instant to, int calls, List<MinuteCount> callsPerMinute,
        Map<String, Integer> results, Map<String, Integer> hangupCauses, Map<String, Integer> errorsByStage,
        Latency voiceToVoice, Latency bargeInStop) {

    /** Calls that ended in the minute starting {@code at}. */
    public record MinuteCount(Instant at, int calls) {
    }

    /** A latency over the hour and per 5 minutes, oldest first. */
    public record Latency(Percentiles overall, List<Percentiles> series) {
    }

    /** Nearest-rank percentiles of {@code count} samples from {@code from} on; null when there are none. */
    public record Percentiles(Instant from, int count, Double p50, Double p90, Double p99) {
    }
}
