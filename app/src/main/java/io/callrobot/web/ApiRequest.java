package io.callrobot.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One API request as a handler sees it.
 *
 * @param method      upper-case HTTP method
 * @param path        the path without the query string
 * @param params      values of the route's {@code {name}} segments, URL-decoded
 * @param query       query parameters, URL-decoded
 * @param contentType the {@code Content-Type} header without parameters, lower case; empty if none
 * @param body        the request body, possibly empty
 * @param headers     the request's headers, names in lower case, the first value of each
 * @param user        who asked, as access control decided
 */
public record ApiRequest(String method, String path, Map<String, String> params, Map<String, List<String>> query,
                         String contentType, byte[] body, Map<String, String> headers, ApiUser user) {

    public ApiRequest {
        params = Map.copyOf(params);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** The header {@code name} (any case), if given. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The path parameter {@code name}; the route guarantees it exists. */
    public String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no parameter " + name);
        }
        return value;
    }

    /** The path parameter {@code name} as a positive id; anything else is a 404 naming it. */
    public long idParam(String name) {
        String value = param(name);
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.notFound("no " + name + " " + value);
    }

    /** The first value of query parameter {@code name}, if given and not blank. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank()
                ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
