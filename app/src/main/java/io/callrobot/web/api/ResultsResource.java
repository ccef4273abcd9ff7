package io.callrobot.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.campaign.CampaignRecords;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.CallRecordSummary;
import io.callrobot.store.CampaignRow;
import io.callrobot.store.ContactRow;
import io.callrobot.store.Contacts;
import io.callrobot.store.Store;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiUser;
import io.callrobot.web.ApiRoutes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code GET /api/campaigns/{id}/results.csv}: one row per contact, read a page at a time and sent
 * as it is read. UTF-8 with a byte-order mark, which is what makes Excel (the tool campaign teams
 * open it with) read UTF-8 rather than the system code page. Numbers are masked unless the user may
 * see them whole. After the fixed columns comes one column per field the calls recorded
 * ({@code record_fields}), from each contact's last call, in the order first met; the {@code summary}
 * column before them is that call's post-call summary (empty when its flow asks for none).
 */
final class ResultsResource {

    private static final int PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final CampaignResource campaigns;

    ResultsResource(Store store, CampaignResource campaigns) {
        this.store = store;
        this.campaigns = campaigns;
    }

    void register(ApiRoutes routes) {
        routes.add("GET", "/api/campaigns/{id}/results.csv", this::results);
    }

    private ApiResponse results(ApiRequest request) {
        CampaignRow campaign = campaigns.campaign(request);
        // variable columns: the campaign's defaults, then each contact's in first-seen order (a first pass)
        Set<String> names = new LinkedHashSet<>(CampaignRecords.variables(campaign.variables()).keySet());
        // field columns: each contact's last call's recorded fields, kept from the first pass (a few short values each)
        Set<String> fieldNames = new LinkedHashSet<>();
        Map<Long, Map<String, String>> fields = new HashMap<>();
        Map<Long, String> summaries = new HashMap<>();
        forEachContact(campaign.id(), c -> {
            names.addAll(CampaignRecords.variables(c.variables()).keySet());
            Map<String, String> recorded = fields(c.lastCallUuid());
            if (!recorded.isEmpty()) {
                fieldNames.addAll(recorded.keySet());
                fields.put(c.id(), recorded);
            }
            if (c.lastCallUuid() != null) {
                store.callRecords().summary(c.lastCallUuid()).map(CallRecordSummary::text)
                        .ifPresent(text -> summaries.put(c.id(), text));
            }
        });
        String file = "campaign-" + campaign.id() + "-results.csv";
        return ApiResponse.streamed(200, "text/csv; charset=utf-8",
                Map.of("Content-Disposition", "attachment; filename=\"" + file + "\""),
                out -> write(campaign, names, fieldNames, fields, summaries, request.user(), out));
    }

    /** The fields recorded by the call {@code uuid} as CSV cells: text as is, other JSON values as JSON. */
    private Map<String, String> fields(String uuid) {
        if (uuid == null) {
            return Map.of();
        }
        Optional<CallRecordRow> row = store.callRecords().get(uuid);
        if (row.isEmpty()) {
            return Map.of();
        }
        JsonNode recorded;
        try {
            recorded = JSON.readTree(row.get().recordJson()).path("fields");
        } catch (JsonProcessingException e) {
            return Map.of();
        }
        Map<String, String> cells = new LinkedHashMap<>();
        recorded.fields().forEachRemaining(e -> cells.put(e.getKey(),
                e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        return cells;
    }

    private void write(CampaignRow campaign, Set<String> names, Set<String> fieldNames,
                       Map<Long, Map<String, String>> fields, Map<Long, String> summaries, ApiUser user,
                       OutputStream out) throws IOException {
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.EXCEL);
        List<String> header = new ArrayList<>(List.of("phone"));
        header.addAll(names);
        header.addAll(List.of("status", "outcome", "result", "attempts", "last_call_uuid", "last_call_start",
                "last_call_seconds", "call_record", "summary"));
        header.addAll(fieldNames);
        csv.printRecord(header);
        IOException[] failure = new IOException[1];
        forEachContact(campaign.id(), c -> {
            if (failure[0] != null) {
                return;
            }
            Map<String, String> variables = CampaignRecords.variables(c.variables());
            List<Object> row = new ArrayList<>(List.of(user.phone(c.phone())));
            names.forEach(n -> row.add(variables.getOrDefault(n, "")));
            row.add(c.status().id());
            row.add(c.finalOutcome() == null ? "" : c.finalOutcome());
            row.add(c.result() == null ? "" : c.result());
            row.add(c.attempts());
            row.add(c.lastCallUuid() == null ? "" : c.lastCallUuid());
            row.add(c.lastStartedAt() == null ? "" : c.lastStartedAt().toString());
            row.add(c.lastDurationMs() == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", c.lastDurationMs() / 1000.0));
            row.add(c.lastCallUuid() == null ? "" : "/api/calls/" + c.lastCallUuid());
            row.add(summaries.getOrDefault(c.id(), ""));
            Map<String, String> recorded = fields.getOrDefault(c.id(), Map.of());
            fieldNames.forEach(n -> row.add(recorded.getOrDefault(n, "")));
            try {
                csv.printRecord(row);
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        csv.flush();
    }

    private void forEachContact(long campaignId, java.util.function.Consumer<ContactRow> each) {
        long after = 0;
        while (true) {
            List<ContactRow> page = store.contacts().page(campaignId, after, Math.min(PAGE, Contacts.MAX_PAGE));
            page.forEach(each);
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }
}
