package io.callrobot.esl.inbound.originate;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One call attempt to place. Everything is checked here, so a request that exists can be sent.
 *
 * @param uuid           the attempt's channel uuid ({@code origination_uuid}), also the robot's call uuid once answered
 * @param phone          the number to dial, as {@code ${phone}} of the dial string
 * @param dialString     the campaign's dial-string template
 * @param callerIdNumber the caller number to present ({@code origination_caller_id_number}), e.g. from a
 *                       {@link CallerIdPool}; null for the gateway's default
 * @param ringTimeout    how long to ring before giving up ({@code originate_timeout}, whole seconds, 1 s to 10 min)
 * @param flow           the flow the robot runs ({@code robot_flow}); null for the server's default
 * @param campaignId     set as {@code callrobot_campaign_id}
 * @param contactId      set as {@code callrobot_contact_id}
 * @param variables      campaign and contact variables: the dial string's other placeholders and channel
 *                       variables the flow reads ({@code customer_name}, ...); in order; an empty value is left
 *                       out (FreeSWITCH ignores {@code name=} in a {@code {}} block)
 * @param record         the campaign's choice whether the call is recorded, set as {@code callrobot_record};
 *                       null: the robot decides by flow and configuration
 */
public record OriginateRequest(String uuid, String phone, DialStringTemplate dialString, String callerIdNumber,
        Duration ringTimeout, String flow, String campaignId, String contactId, Map<String, String> variables,
        Boolean record) {

    /** A request that leaves recording to the robot. */
    public OriginateRequest(String uuid, String phone, DialStringTemplate dialString, String callerIdNumber,
            Duration ringTimeout, String flow, String campaignId, String contactId, Map<String, String> variables) {
        this(uuid, phone, dialString, callerIdNumber, ringTimeout, flow, campaignId, contactId, variables, null);
    }

    /** The longest ring we ask for; a carrier gives up well before. */
    public static final Duration MAX_RING = Duration.ofMinutes(10);

    /**
     * Names a contact or campaign may not set: CallRobot's own, and FreeSWITCH variables that run
     * commands, change the origination or the channel (e.g. {@code api_hangup_hook},
     * {@code execute_on_answer}, {@code origination_caller_id_number}, {@code sip_h_*}).
     * Compared ignoring case, as switch_event_get_header does.
     */
    private static final Set<String> RESERVED_PREFIXES = Set.of("api_", "execute_", "exec_", "origination_",
            "originate_", "originator", "sip_", "rtp_", "bridge_", "socket_", "effective_", "hangup_", "transfer_",
            "ignore_", "group_confirm", "leg_", "fail_on_", "continue_on_", "call_timeout", "progress_timeout",
            "callrobot_", "session_", "media_", "absolute_codec", "codec_", "inherit_codec", "ringback",
            "instant_ringback", "park_", "record_", "nolocal", "local_var_clobber", "export_vars");
    private static final Set<String> RESERVED_NAMES = Set.of("uuid", "call_uuid", "direction", "robot_flow",
            "hangup_after_bridge", "playback_terminators", "domain_name", "dialed_extension");

    public OriginateRequest {
        Objects.requireNonNull(dialString, "dialString");
        if (uuid == null || !isCanonicalUuid(uuid)) {
            throw new IllegalArgumentException("uuid: '" + uuid + "' is not a UUID such as "
                    + "0f8e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b");
        }
        if (callerIdNumber != null && !callerIdNumber.matches("\\+?[0-9]{1,32}")) {
            throw new IllegalArgumentException("callerIdNumber: '" + callerIdNumber + "' is not a phone number");
        }
        if (ringTimeout == null || ringTimeout.compareTo(Duration.ofSeconds(1)) < 0 || ringTimeout.compareTo(MAX_RING) > 0) {
            throw new IllegalArgumentException("ringTimeout: " + ringTimeout + " is not between 1 s and " + MAX_RING);
        }
        if (flow != null) {
            OriginateCommand.checkValue("flow", flow);
        }
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(contactId, "contactId");
        OriginateCommand.checkValue("campaignId", campaignId);
        OriginateCommand.checkValue("contactId", contactId);
        Map<String, String> copy = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String name = variable.getKey();
            checkName(name);
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("variables." + name + ": given twice (FreeSWITCH's variable names ignore case)");
            }
            String value = Objects.requireNonNull(variable.getValue(), () -> "variables." + name + ": no value");
            OriginateCommand.checkValue("variables." + name, value);
            copy.put(name, value);
        }
        variables = Collections.unmodifiableMap(copy);
        dialString.expand(phone, variables); // the number and every placeholder must fit
    }

    /** The dial string with the phone and variables filled in. */
    public String expandedDialString() {
        return dialString.expand(phone, variables);
    }

    /** {@code originate_timeout} in whole seconds, rounded up (switch_ivr_originate.c reads it with atoi). */
    public long ringTimeoutSeconds() {
        long seconds = ringTimeout.getSeconds();
        return ringTimeout.getNano() > 0 ? seconds + 1 : seconds;
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("variables: '" + name + "' is not a variable name (letters, digits and _, "
                    + "at most 64)");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED_NAMES.contains(lower) || RESERVED_PREFIXES.stream().anyMatch(lower::startsWith)
                || lower.endsWith("_hook")) {
            throw new IllegalArgumentException("variables." + name + ": reserved by FreeSWITCH or CallRobot; rename the "
                    + "column (e.g. contact_" + name + ")");
        }
    }

    private static boolean isCanonicalUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text.toLowerCase(Locale.ROOT)) && text.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
