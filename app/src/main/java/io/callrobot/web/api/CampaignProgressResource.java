package io.callrobot.web.api;

import io.callrobot.store.AttemptBreakdown;
import io.callrobot.store.CampaignRow;
import io.callrobot.store.ContactRow;
import io.callrobot.store.Contacts;
import io.callrobot.store.Store;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a campaign's calls came to, for the console: {@code GET /api/campaigns/{id}/breakdown} (its
 * attempts by outcome and result tag, retries included) and {@code GET /api/campaigns/{id}/contacts}
 * (its contacts a page at a time, numbers shown as the user may see them).
 */
final class CampaignProgressResource {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;

    private final Store store;
    private final CampaignResource campaigns;
    private final ApiJson json;

    CampaignProgressResource(Store store, CampaignResource campaigns, ApiJson json) {
        this.store = store;
        this.campaigns = campaigns;
        this.json = json;
    }

    void register(ApiRoutes routes) {
        routes.add("GET", "/api/campaigns/{id}/breakdown", this::breakdown)
                .add("GET", "/api/campaigns/{id}/contacts", this::contacts);
    }

    private ApiResponse breakdown(ApiRequest request) {
        CampaignRow campaign = campaigns.campaign(request);
        AttemptBreakdown attempts = store.attempts().breakdown(campaign.id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", attempts.total());
        out.put("inFlight", attempts.inFlight());
        out.put("byOutcome", attempts.byOutcome());
        out.put("byResult", attempts.byResult());
        return json.answer(200, Map.of("attempts", out));
    }

    /** {@code ?after=<last id of the previous page>&limit=} in import order; {@code next} is null on the last page. */
    ApiResponse contacts(ApiRequest request) {
        CampaignRow campaign = campaigns.campaign(request);
        long after = number(request, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) number(request, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        // one more than asked tells whether another page follows
        List<ContactRow> rows = store.contacts().page(campaign.id(), after, Math.min(limit + 1, Contacts.MAX_PAGE));
        List<ContactRow> page = rows.subList(0, Math.min(limit, rows.size()));
        List<Map<String, Object>> out = page.stream().map(c -> view(c, request)).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("contacts", out);
        answer.put("next", rows.size() > limit ? page.get(page.size() - 1).id() : null);
        return json.answer(200, answer);
    }

    private static Map<String, Object> view(ContactRow c, ApiRequest request) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("phone", request.user().phone(c.phone()));
        out.put("line", c.lineNo());
        out.put("status", c.status().id());
        out.put("attempts", c.attempts());
        out.put("outcome", c.finalOutcome());
        out.put("result", c.result());
        out.put("lastCallUuid", c.lastCallUuid());
        out.put("lastStartedAt", c.lastStartedAt() == null ? null : c.lastStartedAt().toString());
        out.put("lastDurationMs", c.lastDurationMs());
        out.put("nextAttemptAt", c.nextAttemptAt() == null ? null : c.nextAttemptAt().toString());
        return out;
    }

    private static long number(ApiRequest request, String name, long fallback, long min, long max) {
        String value = request.queryParam(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name, "expected a whole number from " + min + " to " + max + ", got \"" + value + "\"");
    }
}
