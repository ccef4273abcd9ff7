package io.callrobot.sim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One simulated call leg as FreeSWITCH would hand it to the robot.
 *
 * @param eslHost      the robot's ESL host
 * @param eslPort      the robot's ESL port
 * @param uuid         the channel's {@code Unique-ID}
 * @param direction    {@code inbound} (a caller dialled in) or {@code outbound} (originated by FreeSWITCH)
 * @param callerNumber {@code Caller-Caller-ID-Number}
 * @param calleeNumber {@code Caller-Destination-Number}
 * @param codec        the read codec name, e.g. {@code PCMU} ({@code Channel-Read-Codec-Name})
 * @param sampleRate   the read codec rate, 8000 or 16000 ({@code Channel-Read-Codec-Rate}, {@code variable_read_rate})
 * @param answered     whether the channel is already answered when the robot connects
 * @param comfortNoise between utterances send comfort-noise frames (bytes of 0xFF) instead of silence
 * @param variables    channel variables, sent as {@code variable_<name>} url-encoded
 */
public record SimCallSpec(String eslHost, int eslPort, String uuid, Direction direction, String callerNumber,
                          String calleeNumber, String codec, int sampleRate, boolean answered, boolean comfortNoise,
                          Map<String, String> variables) {

    /** FreeSWITCH's {@code Call-Direction} values. */
    public enum Direction {
        INBOUND, OUTBOUND;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SimCallSpec {
        variables = Map.copyOf(variables);
        if (sampleRate != 8000 && sampleRate != 16000) {
            throw new IllegalArgumentException("sample rate must be 8000 or 16000: " + sampleRate);
        }
    }

    /** An unanswered inbound PCMU 8 kHz call from 13800000000 to 4000 with a random uuid. */
    public static SimCallSpec inbound(String eslHost, int eslPort) {
        return new SimCallSpec(eslHost, eslPort, UUID.randomUUID().toString(), Direction.INBOUND, "13800000000",
                "4000", "PCMU", 8000, false, false, Map.of());
    }

    /** An answered outbound PCMU 8 kHz call to {@code calleeNumber} with a random uuid. */
    public static SimCallSpec outbound(String eslHost, int eslPort, String calleeNumber) {
        return new SimCallSpec(eslHost, eslPort, UUID.randomUUID().toString(), Direction.OUTBOUND, "0000000000",
                calleeNumber, "PCMU", 8000, true, false, Map.of());
    }

    /** {@code G722} (16 kHz read rate) or {@code PCMU} at 8 kHz. */
    public SimCallSpec withSampleRate(int rate) {
        return new SimCallSpec(eslHost, eslPort, uuid, direction, callerNumber, calleeNumber,
                rate == 8000 ? "PCMU" : "G722", rate, answered, comfortNoise, variables);
    }

    public SimCallSpec withComfortNoise(boolean enabled) {
        return new SimCallSpec(eslHost, eslPort, uuid, direction, callerNumber, calleeNumber, codec, sampleRate,
                answered, enabled, variables);
    }

    public SimCallSpec withVariable(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(variables);
        more.put(name, value);
        return new SimCallSpec(eslHost, eslPort, uuid, direction, callerNumber, calleeNumber, codec, sampleRate,
                answered, comfortNoise, more);
    }

    /** Samples in one 20 ms frame. */
    int samplesPerFrame() {
        return sampleRate / 50;
    }
}
