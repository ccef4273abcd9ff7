package io.callrobot.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Per-call behaviour.
 *
 * @param maxCalls         calls beyond this are hung up with {@code overloadCause} and logged
 * @param overloadCause    FreeSWITCH hangup cause for calls refused at capacity
 * @param lingerSeconds    how long FreeSWITCH keeps the socket after hangup so the final events arrive
 * @param asrFinalWait     after the VAD hears the caller stop, how long to wait for the ASR final
 *                         before the last partial transcript ends the turn
 * @param mediaTimeout     no caller audio this long after unicast starts is reported as a media failure
 * @param freeswitchHost   where FreeSWITCH's unicast socket listens; empty = the ESL peer's address
 * @param advertiseHost    the address FreeSWITCH sends caller audio to; empty = {@code media.bindHost}
 * @param turnEnd          what ends the caller's turn (see {@link TurnEnd})
 * @param bargeIn          interruption settings for prompts whose flow does not set them
 */
public record CallConfig(int maxCalls, String overloadCause, int lingerSeconds, Duration asrFinalWait,
        Duration mediaTimeout, String freeswitchHost, String advertiseHost, TurnEnd turnEnd,
        BargeInConfig bargeIn) {

    public static CallConfig defaults() {
        return new CallConfig(500, "NORMAL_TEMPORARY_FAILURE", 10, Duration.ofMillis(800),
                Duration.ofSeconds(3), "", "", TurnEnd.EITHER, BargeInConfig.defaults());
    }

    /** What ends the caller's turn, spelled {@code either} or {@code both} in the configuration. */
    public enum TurnEnd {
        /** The ASR final or VAD silence (plus {@code asrFinalWait}), whichever comes first. */
        EITHER,
        /**
         * A final heard while the VAD still hears speech waits for the silence, so a caller who
         * pauses mid-sentence is not answered half-way.
         */
        BOTH;

        /** As the configuration spells it. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        static TurnEnd parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not one of "
                        + Arrays.stream(values()).map(TurnEnd::id).toList());
            }
        }
    }
}
