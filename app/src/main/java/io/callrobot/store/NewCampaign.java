package io.callrobot.store;

import java.util.List;

/**
 * A campaign to create, in state {@code draft}. The JSON settings are the campaign package's to
 * write and read; the store checks only that each is JSON.
 *
 * @param dialString        dial-string template, e.g. {@code sofia/gateway/carrier/${phone}}
 * @param callerIds         caller ID numbers to originate with; empty for the switch's default
 * @param variables         JSON object: defaults for every contact's variables; null for {@code {}}
 * @param window            JSON: when calls may start; null for none
 * @param pacing            JSON: how fast to call; null for none
 * @param retry             JSON: retries per outcome and result; null for none
 * @param webhook           JSON: where to report attempts; null for none
 * @param dailyCapPerNumber calls a day to one number from this campaign's point of view; null for no cap
 * @param dailyCap          calls a day for the whole campaign; null for no cap
 * @param recordCalls       whether its calls are recorded; null: as the flow or the server says
 */
public record NewCampaign(String name, String flow, String dialString, List<String> callerIds, String variables,
        String window, String pacing, String retry, String webhook, Integer dailyCapPerNumber, Integer dailyCap,
        Boolean recordCalls) {

    public NewCampaign {
        Check.notBlank("name", name);
        Check.notBlank("flow", flow);
        Check.notBlank("dialString", dialString);
        callerIds = callerIds == null ? List.of() : List.copyOf(callerIds);
        callerIds.forEach(id -> Check.notBlank("callerIds", id));
        variables = variables == null ? "{}" : variables;
        Check.jsonObject("variables", variables);
        Check.jsonOrNull("window", window);
        Check.jsonOrNull("pacing", pacing);
        Check.jsonOrNull("retry", retry);
        Check.jsonOrNull("webhook", webhook);
        Check.notNegative("dailyCapPerNumber", dailyCapPerNumber);
        Check.notNegative("dailyCap", dailyCap);
    }

    /** A campaign that leaves recording to the flow and the server. */
    public NewCampaign(String name, String flow, String dialString, List<String> callerIds, String variables,
            String window, String pacing, String retry, String webhook, Integer dailyCapPerNumber, Integer dailyCap) {
        this(name, flow, dialString, callerIds, variables, window, pacing, retry, webhook, dailyCapPerNumber, dailyCap,
                null);
    }

    /** A campaign with a name, flow and dial string only; the rest empty. */
    public static NewCampaign of(String name, String flow, String dialString) {
        return new NewCampaign(name, flow, dialString, List.of(), null, null, null, null, null, null, null);
    }
}
