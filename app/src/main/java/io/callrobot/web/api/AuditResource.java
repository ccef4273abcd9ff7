package io.callrobot.web.api;

import io.callrobot.store.AuditEntry;
import io.callrobot.store.AuditLog;
import io.callrobot.store.Store;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/audit?limit=&before=}: the audit log newest first, {@code limit} entries (100 by
 * default) with ids below {@code before}; {@code next} is the {@code before} of the following page.
 * Only admins reach it (access control decides).
 */
final class AuditResource {

    private final Store store;
    private final ApiJson json;

    AuditResource(Store store, ApiJson json) {
        this.store = store;
        this.json = json;
    }

    void register(ApiRoutes routes) {
        routes.add("GET", "/api/audit", this::page);
    }

    private ApiResponse page(ApiRequest request) {
        int limit = (int) number(request, "limit", 100, AuditLog.MAX_PAGE);
        Long before = request.queryParam("before").isPresent() ? number(request, "before", 0, Long.MAX_VALUE) : null;
        List<AuditEntry> entries = store.audit().page(before, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entries", entries.stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", e.id());
            row.put("at", e.at().toString());
            row.put("user", e.userName());
            row.put("method", e.method());
            row.put("path", e.path());
            row.put("status", e.status());
            row.put("detail", e.detail());
            row.put("client", e.clientAddress());
            return row;
        }).toList());
        out.put("next", entries.size() == limit ? entries.get(entries.size() - 1).id() : null);
        return json.answer(200, out);
    }

    private static long number(ApiRequest request, String name, long fallback, long max) {
        String value = request.queryParam(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name, name + " must be a whole number from 1 to " + max + ", not " + value);
    }
}
