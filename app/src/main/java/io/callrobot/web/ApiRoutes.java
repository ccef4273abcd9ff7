package io.callrobot.web;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The API's routes: a method and a path pattern whose {@code {name}} segments match one path
 * segment each ({@code /api/campaigns/{id}/start}). A path that matches no pattern is a 404; one
 * that matches with another method is a 405 naming the methods it takes.
 */
public final class ApiRoutes {

    /** Answers one request; runs on a virtual thread, so it may read and write the store. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    /** A route that matched, with the values of its path parameters. */
    record Resolved(Handler handler, Map<String, String> params) {
    }

    private record Route(String method, List<String> segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; patterns are matched in the order added. */
    public ApiRoutes add(String method, String pattern, Handler handler) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("pattern must start with /: " + pattern);
        }
        routes.add(new Route(method.toUpperCase(java.util.Locale.ROOT), segments(pattern), handler));
        return this;
    }

    /** The route for {@code method} and {@code path}, or an {@link ApiException} 404 or 405. */
    Resolved resolve(String method, String path) {
        List<String> actual = segments(path);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> params = match(route.segments(), actual);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Resolved(route.handler(), params);
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(405, null, method + " not allowed on " + path + "; allowed: "
                    + String.join(", ", allowed));
        }
        throw ApiException.notFound("no API resource " + path);
    }

    private static Map<String, String> match(List<String> pattern, List<String> actual) {
        if (pattern.size() != actual.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            String a = actual.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                if (a.isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), QueryStringDecoder.decodeComponent(a));
            } else if (!p.equals(a)) {
                return null;
            }
        }
        return params;
    }

    /** Path segments; a trailing slash is ignored, so {@code /api/campaigns/} is {@code /api/campaigns}. */
    private static List<String> segments(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return List.of(trimmed.substring(1).split("/", -1));
    }
}
