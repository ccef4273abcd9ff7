package io.callrobot.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the header maps FreeSWITCH puts on a channel's events: the common event headers
 * (switch_event.c, switch_event_prep_for_delivery), the channel's basic data
 * (switch_channel.c, switch_channel_event_set_basic_data) and its variables
 * (switch_channel_event_set_extended_data). DTMF events carry no variables, as seen on a real switch.
 */
final class ChannelEvents {

    private final SimCallSpec spec;
    private final String coreUuid;
    private final AtomicLong sequence;
    private final String channelName;

    ChannelEvents(SimCallSpec spec, String coreUuid, AtomicLong sequence) {
        this.spec = spec;
        this.coreUuid = coreUuid;
        this.sequence = sequence;
        this.channelName = spec.direction() == SimCallSpec.Direction.INBOUND
                ? "sofia/internal/" + spec.callerNumber() + "@127.0.0.1"
                : "sofia/external/" + spec.calleeNumber();
    }

    String channelName() {
        return channelName;
    }

    /**
     * The reply to {@code connect}: the channel's event with {@code Channel-} caller-profile headers,
     * then Content-Type, Reply-Text, Socket-Mode and Control (mod_event_socket.c, parse_command "connect").
     */
    Map<String, String> channelData(String channelState, boolean answered) {
        Map<String, String> headers = common("CHANNEL_DATA");
        profile(headers, "Channel");
        basic(headers, channelState, answered);
        variables(headers, answered);
        headers.put("Content-Type", "command/reply");
        headers.put("Reply-Text", "+OK\n");
        headers.put("Socket-Mode", "async");
        headers.put("Control", "full");
        return headers;
    }

    /** A channel event with basic data and variables, plus event-specific headers. */
    Map<String, String> channelEvent(String name, String channelState, boolean answered, Map<String, String> extra) {
        Map<String, String> headers = common(name);
        basic(headers, channelState, answered);
        headers.putAll(extra);
        variables(headers, answered);
        return headers;
    }

    /** DTMF: basic channel data and the digit, no variables (switch_channel.c, switch_channel_queue_dtmf). */
    Map<String, String> dtmf(char digit, int durationSamples, String channelState, boolean answered) {
        Map<String, String> headers = common("DTMF");
        basic(headers, channelState, answered);
        headers.put("DTMF-Digit", String.valueOf(digit));
        headers.put("DTMF-Duration", String.valueOf(durationSamples));
        headers.put("DTMF-Source", "RTP");
        return headers;
    }

    private Map<String, String> common(String name) {
        return commonHeaders(name, "switch_channel.c", coreUuid, sequence);
    }

    /** The headers every event starts with (switch_event.c, switch_event_prep_for_delivery). */
    static Map<String, String> commonHeaders(String name, String callingFile, String coreUuid, AtomicLong sequence) {
        Map<String, String> headers = new LinkedHashMap<>();
        long micros = System.currentTimeMillis() * 1000;
        headers.put("Event-Name", name);
        headers.put("Core-UUID", coreUuid);
        headers.put("FreeSWITCH-Hostname", "callrobot-sim");
        headers.put("FreeSWITCH-Switchname", "callrobot-sim");
        headers.put("FreeSWITCH-IPv4", "127.0.0.1");
        headers.put("Event-Date-Timestamp", String.valueOf(micros));
        headers.put("Event-Calling-File", callingFile);
        headers.put("Event-Sequence", String.valueOf(sequence.incrementAndGet()));
        return headers;
    }

    private void basic(Map<String, String> headers, String channelState, boolean answered) {
        headers.put("Channel-State", channelState);
        headers.put("Channel-Call-State", answered ? "ACTIVE" : "RINGING");
        headers.put("Channel-Name", channelName);
        headers.put("Unique-ID", spec.uuid());
        headers.put("Call-Direction", spec.direction().wireName());
        headers.put("Presence-Call-Direction", spec.direction().wireName());
        headers.put("Channel-HIT-Dialplan", "true");
        headers.put("Channel-Call-UUID", spec.uuid());
        headers.put("Answer-State", answered ? "answered" : "ringing");
        headers.put("Channel-Read-Codec-Name", spec.codec());
        headers.put("Channel-Read-Codec-Rate", String.valueOf(spec.sampleRate()));
        headers.put("Channel-Read-Codec-Bit-Rate", String.valueOf(spec.sampleRate() * 8));
        headers.put("Channel-Write-Codec-Name", spec.codec());
        headers.put("Channel-Write-Codec-Rate", String.valueOf(spec.sampleRate()));
        headers.put("Channel-Write-Codec-Bit-Rate", String.valueOf(spec.sampleRate() * 8));
        profile(headers, "Caller");
    }

    /** Caller profile fields under a prefix (switch_caller.c, switch_caller_profile_event_set_data). */
    private void profile(Map<String, String> headers, String prefix) {
        headers.put(prefix + "-Direction", spec.direction().wireName());
        headers.put(prefix + "-Username", spec.callerNumber());
        headers.put(prefix + "-Dialplan", "XML");
        headers.put(prefix + "-Caller-ID-Name", spec.callerNumber());
        headers.put(prefix + "-Caller-ID-Number", spec.callerNumber());
        headers.put(prefix + "-Network-Addr", "127.0.0.1");
        headers.put(prefix + "-Destination-Number", spec.calleeNumber());
        headers.put(prefix + "-Unique-ID", spec.uuid());
        headers.put(prefix + "-Source", "mod_sofia");
        headers.put(prefix + "-Context", "default");
        headers.put(prefix + "-Channel-Name", channelName);
    }

    private void variables(Map<String, String> headers, boolean answered) {
        headers.put("variable_direction", spec.direction().wireName());
        headers.put("variable_uuid", spec.uuid());
        headers.put("variable_call_uuid", spec.uuid());
        headers.put("variable_channel_name", channelName);
        // switch_core_codec.c sets read_codec/read_rate when the read codec is set.
        headers.put("variable_read_codec", spec.codec());
        headers.put("variable_read_rate", String.valueOf(spec.sampleRate()));
        headers.put("variable_write_codec", spec.codec());
        headers.put("variable_write_rate", String.valueOf(spec.sampleRate()));
        headers.put("variable_socket_host", spec.eslHost());
        if (answered) {
            headers.put("variable_endpoint_disposition", "ANSWER");
        }
        spec.variables().forEach((name, value) -> headers.put("variable_" + name, value));
    }
}
