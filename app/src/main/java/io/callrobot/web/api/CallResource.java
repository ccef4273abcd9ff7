package io.callrobot.web.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.store.CallQuery;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.CallRecordSummary;
import io.callrobot.store.CallSummary;
import io.callrobot.store.Store;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import io.callrobot.web.ApiUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Call history from the store: {@code GET /api/calls?from=&to=&campaign=&flow=&result=&cause=&direction=
 * &number=&q=&limit=&cursor=} answers {@code {"calls": [...], "next": cursor or null}}, newest first;
 * {@code GET /api/calls/facets} the flows, results and hangup causes to filter by; {@code GET
 * /api/calls/{uuid}} one call's record with its transcript and post-call summary ({@code summary},
 * or {@code summaryError} saying why there is none). Phone numbers are shown as the user may
 * see them.
 */
final class CallResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final int MAX_FACETS = 200;

    private final Store store;
    private final ApiJson json;

    CallResource(Store store, ApiJson json) {
        this.store = store;
        this.json = json;
    }

    void register(ApiRoutes routes) {
        routes.add("GET", "/api/calls", this::find)
                .add("GET", "/api/calls/facets", this::facets) // before {uuid}: routes match in order
                .add("GET", "/api/calls/{uuid}", this::get);
    }

    ApiResponse find(ApiRequest request) {
        int limit = request.queryParam("limit").map(v -> number("limit", v)).map(Long::intValue).orElse(DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "must be 1 to " + MAX_LIMIT + ": " + limit);
        }
        CallQuery query;
        try {
            // one more than asked: whether it exists says whether there is a next page
            query = CallQuery.latest(limit + 1)
                    .withCampaign(request.queryParam("campaign").map(v -> number("campaign", v)).orElse(null))
                    .withFlow(request.queryParam("flow").orElse(null))
                    .withResult(request.queryParam("result").orElse(null))
                    .withHangupCause(request.queryParam("cause").orElse(null))
                    .withDirection(request.queryParam("direction").orElse(null))
                    .withNumber(request.queryParam("number").map(CallResource::digits).orElse(null))
                    .withText(request.queryParam("q").map(String::strip).orElse(null))
                    .between(request.queryParam("from").map(v -> instant("from", v)).orElse(null),
                            request.queryParam("to").map(v -> instant("to", v)).orElse(null))
                    .after(request.queryParam("cursor").map(CallResource::position).orElse(null));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field(e.getMessage()), e.getMessage());
        }
        List<CallSummary> found = store.callRecords().find(query);
        boolean more = found.size() > limit;
        List<CallSummary> page = more ? found.subList(0, limit) : found;
        List<ObjectNode> calls = new ArrayList<>(page.size());
        for (CallSummary call : page) {
            calls.add(masked(json.mapper.valueToTree(call), request.user()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("calls", calls);
        out.put("next", more ? cursor(page.get(page.size() - 1)) : null);
        return json.answer(200, out);
    }

    ApiResponse facets(ApiRequest request) {
        return json.answer(200, store.callRecords().facets(MAX_FACETS));
    }

    ApiResponse get(ApiRequest request) throws IOException {
        String uuid = request.param("uuid");
        CallRecordRow row = store.callRecords().get(uuid)
                .orElseThrow(() -> ApiException.notFound("no call " + uuid));
        ObjectNode out = masked((ObjectNode) json.mapper.readTree(row.recordJson()), request.user());
        out.put("transcript", row.transcript());
        // null until the flow's post-call summary is done, and for flows that ask for none
        CallRecordSummary summary = store.callRecords().summary(uuid).orElse(null);
        out.put("summary", summary == null ? null : summary.text());
        out.put("summaryError", summary == null ? null : summary.error());
        return json.answer(200, out);
    }

    private static ObjectNode masked(ObjectNode call, ApiUser user) {
        for (String field : new String[] {"caller", "callee"}) {
            if (call.hasNonNull(field)) {
                call.put(field, user.phone(call.get(field).asText()));
            }
        }
        return call;
    }

    /** Opaque to clients: where the page ended, as (started at, uuid). */
    static String cursor(CallSummary last) {
        String position = last.startedAt() + " " + last.callUuid();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static CallQuery.Position position(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int space = text.indexOf(' ');
            return new CallQuery.Position(Instant.parse(text.substring(0, space)), text.substring(space + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | DateTimeException e) {
            throw ApiException.badRequest("cursor", "not a cursor this API gave: " + cursor);
        }
    }

    /** The query parameter a store refusal names: its message starts with the query's field. */
    private static String field(String message) {
        String first = message.split(" ", 2)[0];
        return switch (first) {
            case "text" -> "q";
            case "from", "to", "direction", "number" -> first;
            default -> null;
        };
    }

    /** A number suffix: digits, spaces and dashes as people type them ({@code 138-0013 8000}). */
    private static String digits(String value) {
        String digits = value.replaceAll("[\\s-]", "");
        if (!digits.matches("[0-9]+")) {
            throw ApiException.badRequest("number", "digits the number ends with, not " + value);
        }
        return digits;
    }

    private static long number(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field, "not a number: " + value);
        }
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "not an ISO-8601 instant such as 2026-12-03T01:00:00Z: " + value);
        }
    }
}
