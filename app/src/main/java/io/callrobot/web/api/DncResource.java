package io.callrobot.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.campaign.contacts.DncImporter;
import io.callrobot.campaign.contacts.ImportException;
import io.callrobot.campaign.contacts.ImportOptions;
import io.callrobot.campaign.contacts.ImportReport;
import io.callrobot.campaign.phone.InvalidPhoneNumberException;
import io.callrobot.campaign.phone.PhoneNumber;
import io.callrobot.store.DncEntry;
import io.callrobot.store.Store;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiUser;
import io.callrobot.web.ApiRoutes;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The do-not-call list: {@code POST /api/dnc} with {@code {phone, campaignId?, reason?}} or a CSV
 * ({@code ?campaign=} for one campaign's list), {@code DELETE /api/dnc/{phone}?campaign=},
 * {@code GET /api/dnc?campaign=&after=}. A number added is never dialled again from the next claim on.
 */
final class DncResource {

    private static final int LIST_PAGE = 1000;

    private final Store store;
    private final ApiJson json;

    DncResource(Store store, ApiJson json) {
        this.store = store;
        this.json = json;
    }

    void register(ApiRoutes routes) {
        routes.add("POST", "/api/dnc", this::add)
                .add("GET", "/api/dnc", this::list)
                .add("DELETE", "/api/dnc/{phone}", this::remove);
    }

    private ApiResponse add(ApiRequest request) {
        if (request.contentType().equals("text/csv")) {
            return addCsv(request);
        }
        JsonNode body = json.body(request);
        PhoneNumber phone = phone(body.path("phone").asText(""));
        Long campaign = body.hasNonNull("campaignId") ? campaign(body.get("campaignId").asText()) : null;
        String reason = body.path("reason").asText(null);
        boolean added = store.dnc().add(phone.canonical(), campaign, reason);
        return json.answer(added ? 201 : 200, Map.of("phone", phone.canonical(), "added", added));
    }

    private ApiResponse addCsv(ApiRequest request) {
        Long campaign = request.queryParam("campaign").map(this::campaign).orElse(null);
        List<String> phones = new ArrayList<>();
        ImportReport report;
        try {
            report = new DncImporter(ImportOptions.defaults()).importDoNotCall(new ByteArrayInputStream(request.body()),
                    batch -> batch.forEach(e -> phones.add(e.phone().canonical())));
        } catch (ImportException e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
        int added = store.dnc().addAll(phones, campaign, "imported");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", added);
        out.put("duplicates", phones.size() - added + report.duplicates());
        out.put("rejectedTotal", report.rejectedTotal());
        out.put("rejected", report.rejected().stream().map(r -> Map.of("line", r.line(), "reason", r.reason())).toList());
        return json.answer(200, out);
    }

    private ApiResponse remove(ApiRequest request) {
        PhoneNumber phone = phone(request.param("phone"));
        Long campaign = request.queryParam("campaign").map(this::campaign).orElse(null);
        if (!store.dnc().remove(phone.canonical(), campaign)) {
            throw ApiException.notFound(phone.canonical() + " is not on the "
                    + (campaign == null ? "global" : "campaign " + campaign) + " do-not-call list");
        }
        return json.answer(200, Map.of("phone", phone.canonical(), "removed", true));
    }

    private ApiResponse list(ApiRequest request) {
        Long campaign = request.queryParam("campaign").map(this::campaign).orElse(null);
        ApiUser user = request.user();
        return json.answer(200, Map.of("entries", store.dnc().list(campaign, request.queryParam("after").orElse(null),
                LIST_PAGE).stream().map(e -> new DncEntry(user.phone(e.phone()), e.campaignId(), e.reason(), e.addedAt()))
                .toList()));
    }

    private static PhoneNumber phone(String text) {
        try {
            return PhoneNumber.parse(text);
        } catch (InvalidPhoneNumberException e) {
            throw ApiException.badRequest("phone", e.getMessage());
        }
    }

    private Long campaign(String text) {
        try {
            long id = Long.parseLong(text);
            if (store.campaigns().get(id).isPresent()) {
                return id;
            }
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("campaignId", "not a campaign id: " + text);
        }
        throw ApiException.badRequest("campaignId", "no campaign " + text);
    }
}
