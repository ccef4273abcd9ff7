package io.callrobot.config;

import java.time.Duration;

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
 * @param turnEnd          {@code either}: the caller's turn ends at the ASR final or at VAD silence
 *                         (plus {@code asrFinalWait}), whichever comes first; {@code both}: a final
 *                         heard while the VAD still hears speech waits for the silence, so a caller
 *                         who pauses mid-sentence is not answered half-way
 * @param bargeIn          interruption settings for prompts whose flow does not set them
 */
public record CallConfig(int maxCalls, String overloadCause, int lingerSeconds, Duration asrFinalWait,
        Duration mediaTimeout, String freeswitchHost, String advertiseHost, String turnEnd,
        BargeInConfig bargeIn) {

    public static CallConfig defaults() {
        return new CallConfig(500, "NORMAL_TEMPORARY_FAILURE", 10, Duration.ofMillis(800),
                Duration.ofSeconds(3), "", "", "either", BargeInConfig.defaults());
    }
}
