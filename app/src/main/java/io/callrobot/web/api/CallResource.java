package io.callrobot.web.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.store.CallQuery;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.CallSummary;
import io.callrobot.store.Store;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiUser;
import io.callrobot.web.ApiRoutes;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@code GET /api/calls?campaign=&result=&from=&to=&limit=} and {@code GET /api/calls/{uuid}} from the
 * store; callers and callees as the user may see them.
 */
final class CallResource {

    private final Store store;
    private final ApiJson json;

    CallResource(Store store, ApiJson json) {
        this.store = store;
        this.json = json;
    }

    void register(ApiRoutes routes) {
        routes.add("GET", "/api/calls", this::find).add("GET", "/api/calls/{uuid}", this::get);
    }

    private ApiResponse find(ApiRequest request) {
        Long campaign = request.queryParam("campaign").map(v -> number("campaign", v)).orElse(null);
        Instant from = request.queryParam("from").map(v -> instant("from", v)).orElse(null);
        Instant to = request.queryParam("to").map(v -> instant("to", v)).orElse(null);
        int limit = request.queryParam("limit").map(v -> number("limit", v)).map(Long::intValue).orElse(100);
        CallQuery query;
        try {
            query = new CallQuery(campaign, request.queryParam("result").orElse(null), from, to, null, limit);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage().startsWith("limit") ? "limit" : "from", e.getMessage());
        }
        ApiUser user = request.user();
        return json.answer(200, Map.of("calls", store.callRecords().find(query).stream().map(c -> new CallSummary(
                c.callUuid(), c.campaignId(), c.contactId(), c.direction(), user.phone(c.caller()), user.phone(c.callee()),
                c.flow(), c.startedAt(), c.answeredAt(), c.endedAt(), c.durationMs(), c.result(), c.hangupCause()))
                .toList()));
    }

    private ApiResponse get(ApiRequest request) throws IOException {
        String uuid = request.param("uuid");
        CallRecordRow row = store.callRecords().get(uuid)
                .orElseThrow(() -> ApiException.notFound("no call " + uuid));
        ObjectNode out = (ObjectNode) json.mapper.readTree(row.recordJson());
        for (String field : new String[] {"caller", "callee"}) {
            if (out.hasNonNull(field)) {
                out.put(field, request.user().phone(out.get(field).asText()));
            }
        }
        out.put("transcript", row.transcript());
        return json.answer(200, out);
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
