package io.callrobot.web.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.campaign.CampaignRecords;
import io.callrobot.campaign.CampaignSettings;
import io.callrobot.campaign.CampaignSettingsJson;
import io.callrobot.campaign.InvalidSettingsException;
import io.callrobot.campaign.contacts.ContactImporter;
import io.callrobot.campaign.contacts.ImportException;
import io.callrobot.campaign.contacts.ImportOptions;
import io.callrobot.campaign.contacts.ImportReport;
import io.callrobot.store.CampaignCounts;
import io.callrobot.store.CampaignRow;
import io.callrobot.store.CampaignState;
import io.callrobot.store.ImportResult;
import io.callrobot.store.NewContact;
import io.callrobot.store.Store;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/campaigns}: create, list, read with counts, add contacts from CSV or XLSX, and move a
 * campaign between draft, running, paused and stopped. Every change reaches the dialer at once.
 */
final class CampaignResource {

    private final Store store;
    private final Supplier<Set<String>> flows;
    private final Runnable wakeDialer;
    private final ApiJson json;

    CampaignResource(Store store, Supplier<Set<String>> flows, Runnable wakeDialer, ApiJson json) {
        this.store = store;
        this.flows = flows;
        this.wakeDialer = wakeDialer;
        this.json = json;
    }

    void register(ApiRoutes routes) {
        routes.add("POST", "/api/campaigns", this::create)
                .add("GET", "/api/campaigns", this::list)
                .add("GET", "/api/campaigns/{id}", this::get)
                .add("POST", "/api/campaigns/{id}/contacts", this::addContacts)
                .add("POST", "/api/campaigns/{id}/start", r -> move(r, CampaignState.DRAFT, CampaignState.RUNNING))
                .add("POST", "/api/campaigns/{id}/pause", r -> move(r, CampaignState.RUNNING, CampaignState.PAUSED))
                .add("POST", "/api/campaigns/{id}/resume", r -> move(r, CampaignState.PAUSED, CampaignState.RUNNING))
                .add("POST", "/api/campaigns/{id}/stop", r -> move(r, null, CampaignState.STOPPED));
    }

    private ApiResponse create(ApiRequest request) {
        CampaignSettings settings;
        try {
            settings = CampaignSettingsJson.read(json.body(request), flows.get());
        } catch (InvalidSettingsException e) {
            throw invalid(e.problems());
        }
        CampaignRow row = store.campaigns().create(CampaignRecords.toNew(settings));
        return json.answer(201, view(row, null));
    }

    /** The first problem as the error, its field path as the field; every problem listed in the message. */
    private static ApiException invalid(List<String> problems) {
        String first = problems.get(0);
        int colon = first.indexOf(": ");
        String field = colon > 0 ? first.substring(0, colon) : null;
        String message = colon > 0 ? first.substring(colon + 2) : first;
        if (problems.size() > 1) {
            message += " (and " + (problems.size() - 1) + " more: " + String.join("; ", problems.subList(1, problems.size())) + ")";
        }
        return ApiException.badRequest(field, message);
    }

    private ApiResponse list(ApiRequest request) {
        List<Object> out = new ArrayList<>();
        for (CampaignRow row : store.campaigns().list()) {
            out.add(view(row, store.campaigns().counts(row.id())));
        }
        return json.answer(200, Map.of("campaigns", out));
    }

    private ApiResponse get(ApiRequest request) {
        CampaignRow row = campaign(request);
        return json.answer(200, view(row, store.campaigns().counts(row.id())));
    }

    CampaignRow campaign(ApiRequest request) {
        long id = request.idParam("id");
        return store.campaigns().get(id).orElseThrow(() -> ApiException.notFound("no campaign " + id));
    }

    private ApiResponse addContacts(ApiRequest request) {
        CampaignRow row = campaign(request);
        if (row.state() == CampaignState.STOPPED || row.state() == CampaignState.COMPLETED) {
            throw ApiException.conflict("campaign " + row.id() + " is " + row.state().id() + ": it takes no more contacts");
        }
        String type = request.contentType();
        if (!type.isEmpty() && !type.equals("text/csv") && !type.equals("application/octet-stream")
                && !type.equals("text/plain") && !type.contains("spreadsheetml")) {
            throw ApiException.badRequest("Content-Type", "expected text/csv or an XLSX file, not " + type);
        }
        ImportOptions options = ImportOptions.defaults();
        List<NewContact> contacts = new ArrayList<>();
        ImportReport report;
        try {
            // the body is bounded by http.maxRequestBytes; the rows are kept so the insert is one transaction
            report = new ContactImporter(options).importContacts(new ByteArrayInputStream(request.body()), batch ->
                    batch.forEach(c -> contacts.add(new NewContact(c.phone().canonical(),
                            CampaignRecords.variablesJson(c.variables()), c.line()))));
        } catch (ImportException e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
        ImportResult stored = store.contacts().add(row.id(), contacts);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", stored.inserted());
        out.put("duplicates", report.duplicates() + stored.duplicates());
        out.put("rejectedTotal", report.rejectedTotal());
        out.put("rejected", report.rejected().stream().map(r -> Map.of("line", r.line(), "reason", r.reason())).toList());
        out.put("variables", report.variables());
        out.put("encoding", report.encoding());
        wakeDialer.run();
        return json.answer(200, out);
    }

    /** {@code from} null: any state that may go to {@code to}. */
    private ApiResponse move(ApiRequest request, CampaignState from, CampaignState to) {
        CampaignRow row = campaign(request);
        if (from != null && row.state() != from) {
            throw ApiException.conflict("campaign " + row.id() + " is " + row.state().id() + ", not " + from.id());
        }
        CampaignRow moved;
        try {
            moved = store.campaigns().setState(row.id(), to);
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        if (to == CampaignState.STOPPED) {
            store.contacts().closeWaiting(row.id(), "stopped");
        }
        wakeDialer.run();
        return json.answer(200, view(moved, store.campaigns().counts(row.id())));
    }

    private ObjectNode view(CampaignRow row, CampaignCounts counts) {
        ObjectNode out = json.mapper.createObjectNode();
        out.put("id", row.id());
        out.put("state", row.state().id());
        out.setAll(CampaignSettingsJson.write(CampaignRecords.settings(row)));
        if (out.has("webhook")) {
            ((ObjectNode) out.get("webhook")).remove("secret");
        }
        out.put("createdAt", row.createdAt().toString());
        out.put("updatedAt", row.updatedAt().toString());
        if (counts != null) {
            ObjectNode c = out.putObject("counts");
            c.put("total", counts.total());
            ObjectNode status = c.putObject("byStatus");
            counts.byStatus().forEach((k, v) -> status.put(k.id(), v));
            ObjectNode outcome = c.putObject("byOutcome");
            counts.byOutcome().forEach(outcome::put);
            ObjectNode result = c.putObject("byResult");
            counts.byResult().forEach(result::put);
            c.put("blockedByDnc", counts.blockedByDnc());
        }
        return out;
    }
}
