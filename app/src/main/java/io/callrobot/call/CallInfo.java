package io.callrobot.call;

import io.callrobot.esl.EslEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the channel data tells about a call. FreeSWITCH header names: switch_channel.c
 * (switch_channel_event_set_basic_data) and switch_caller.c (Caller-* profile fields).
 *
 * @param sampleRate the channel's read rate in Hz: {@link #DEFAULT_RATE} when the channel data names
 *                   none, {@link #UNREADABLE_RATE} when it is not a whole number; zero or negative
 *                   as read, so that set-up refuses it rather than guessing
 * @param rateText   the read rate as the channel data gives it, null when it gives none
 * @param variables  the channel's variables without the {@code variable_} prefix, already URL-decoded
 */
record CallInfo(String uuid, String direction, String caller, String callee, boolean answered,
        int sampleRate, String rateText, String flow, Map<String, String> variables) {

    static final int DEFAULT_RATE = 8000;
    /** Set by the dialer at originate: the campaign and the contact a call is for. */
    static final String CAMPAIGN_ID = "callrobot_campaign_id";
    static final String CONTACT_ID = "callrobot_contact_id";
    /** Set by the dialer when the campaign says whether its calls are recorded: {@code true} or {@code false}. */
    static final String RECORD = "callrobot_record";
    /** No rate can be this: a rate that is not a number. */
    static final int UNREADABLE_RATE = Integer.MIN_VALUE;

    static CallInfo from(EslEvent data) {
        Map<String, String> variables = new LinkedHashMap<>();
        data.headers().forEach((k, v) -> {
            if (k.startsWith("variable_")) {
                variables.put(k.substring("variable_".length()), v);
            }
        });
        String uuid = firstNonBlank(data.uniqueId(), data.header("Channel-Call-UUID"), variables.get("uuid"));
        // Call-Direction is the leg's direction from FreeSWITCH's view: "inbound" = the caller dialled in.
        String direction = firstNonBlank(data.header("Call-Direction"), variables.get("direction"), "inbound");
        String caller = firstNonBlank(data.header("Caller-Caller-ID-Number"), data.header("Caller-ANI"), "");
        String callee = firstNonBlank(data.header("Caller-Destination-Number"), variables.get("destination_number"), "");
        boolean answered = "answered".equalsIgnoreCase(data.header("Answer-State"));
        // read_rate: switch_core_codec.c; Channel-Read-Codec-Rate: switch_channel_event_set_basic_data
        String rateText = firstNonBlank(variables.get("read_rate"), data.header("Channel-Read-Codec-Rate"));
        String flow = firstNonBlank(variables.get("robot_flow"), null);
        return new CallInfo(uuid, direction, caller, callee, answered, parseRate(rateText), rateText, flow,
                Map.copyOf(variables));
    }

    /** The campaign the call is for, if the channel variable holds an id. */
    Long campaignId() {
        return id(CAMPAIGN_ID);
    }

    /** The campaign's contact the call is for, if the channel variable holds an id. */
    Long contactId() {
        return id(CONTACT_ID);
    }

    /** Whether the call is recorded: the campaign's choice, else the flow's, else the server's. */
    boolean recorded(Boolean flowChoice, boolean serverChoice) {
        String campaignChoice = variables.get(RECORD);
        if ("true".equalsIgnoreCase(campaignChoice) || "false".equalsIgnoreCase(campaignChoice)) {
            return Boolean.parseBoolean(campaignChoice);
        }
        return flowChoice != null ? flowChoice : serverChoice;
    }

    /** Channel variables that should hold an id and hold something else, named with what they hold. */
    List<String> malformedIds() {
        List<String> problems = new ArrayList<>();
        for (String name : List.of(CAMPAIGN_ID, CONTACT_ID)) {
            String value = variables.get(name);
            if (value != null && id(name) == null) {
                problems.add("channel variable " + name + " is not an id: '" + value + "'");
            }
        }
        return problems;
    }

    private Long id(String name) {
        String value = variables.get(name);
        if (value == null) {
            return null;
        }
        try {
            long id = Long.parseLong(value.trim());
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int parseRate(String text) {
        if (text == null) {
            return DEFAULT_RATE;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return UNREADABLE_RATE;
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** Masks all but the last four digits, as the call log does by default. */
    static String mask(String number) {
        return io.callrobot.ops.LiveCall.lastFour(number);
    }
}
