package io.callrobot.dialog.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.dialog.FlowException;
import io.callrobot.dialog.schema.JsonSchema;
import io.callrobot.llm.ToolDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** Reads {@code httpTools:} strictly: unknown fields, bad values and missing secrets are all reported at once. */
final class HttpToolSpecParser {

    private static final Set<String> FIELDS = Set.of("name", "description", "parameters", "method", "url", "headers",
            "body", "timeoutMillis", "filler", "fillerDelayMillis", "maxResponseBytes");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    // RFC 9110 §5.1 field-name = token; §5.6.2 tchar
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final long DEFAULT_TIMEOUT_MILLIS = 5000;
    private static final long MAX_TIMEOUT_MILLIS = 60_000;
    private static final long DEFAULT_FILLER_DELAY_MILLIS = 1200;
    private static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private HttpToolSpecParser() {
    }

    static List<HttpToolSpec> parseAll(String source, JsonNode httpTools, Map<String, String> env) {
        if (httpTools == null || httpTools.isNull() || httpTools.isMissingNode()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (!httpTools.isArray()) {
            throw new FlowException(List.of(source + ": httpTools: must be a list of tools"));
        }
        List<HttpToolSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < httpTools.size(); i++) {
            JsonNode tool = httpTools.get(i);
            JsonNode nameNode = tool.get("name");
            String label = source + ": httpTools[" + i + "]"
                    + (nameNode != null && nameNode.isTextual() ? " '" + nameNode.asText() + "'" : "");
            HttpToolSpec spec = parse(label, tool, env, problems);
            if (nameNode != null && nameNode.isTextual() && !names.add(nameNode.asText())) {
                problems.add(label + ": name: another tool of the flow is called " + nameNode.asText());
            } else if (spec != null) {
                specs.add(spec);
            }
        }
        if (!problems.isEmpty()) {
            throw new FlowException(problems);
        }
        return List.copyOf(specs);
    }

    private static HttpToolSpec parse(String label, JsonNode tool, Map<String, String> env, List<String> problems) {
        if (!tool.isObject()) {
            problems.add(label + ": must be a map with name, description, parameters, method, url");
            return null;
        }
        int before = problems.size();
        tool.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                problems.add(label + ": unknown field '" + f + "' (allowed: " + new TreeSet<>(FIELDS) + ")");
            }
        });
        String name = text(tool, "name", label, problems, true);
        String description = text(tool, "description", label, problems, true);
        JsonNode parameters = tool.get("parameters");
        Set<String> arguments = new LinkedHashSet<>();
        if (parameters == null) {
            problems.add(label + ": parameters: missing (a JSON Schema with type: object)");
        } else if (!parameters.isObject() || !"object".equals(parameters.path("type").asText())) {
            problems.add(label + ": parameters: must be a JSON Schema with type: object");
        } else {
            for (String problem : JsonSchema.OPEN.problems(parameters)) {
                problems.add(label + ": parameters: " + problem.replaceFirst("^schema: ", ""));
            }
            parameters.path("properties").fieldNames().forEachRemaining(arguments::add);
        }
        String method = text(tool, "method", label, problems, false);
        method = method == null ? "GET" : method.toUpperCase();
        if (!METHODS.contains(method)) {
            problems.add(label + ": method: '" + tool.get("method").asText() + "' is not one of " + METHODS);
        }
        String url = text(tool, "url", label, problems, true);
        Template urlTemplate = url == null ? null : Template.parse(url, label + ": url", arguments, null, problems);
        if (url != null) {
            // placeholders stand for encoded text, so the template with letters in their place must be a valid URL
            HttpUrl sample = HttpUrl.parse(url.replaceAll("\\$?\\{[^}]*}", "x"));
            if (sample == null) {
                problems.add(label + ": url: '" + url + "' is not an http or https URL");
            }
        }
        Map<String, Template> headers = headers(tool.get("headers"), label, arguments, env, problems);
        BodyTemplate body = null;
        JsonNode bodyNode = tool.get("body");
        if (bodyNode != null && !bodyNode.isNull()) {
            if (!WITH_BODY.contains(method)) {
                problems.add(label + ": body: a " + method + " request has no body (POST, PUT and PATCH do)");
            } else {
                body = BodyTemplate.parse(bodyNode, label + ": body", arguments, problems);
            }
        }
        long timeout = number(tool, "timeoutMillis", DEFAULT_TIMEOUT_MILLIS, 1, MAX_TIMEOUT_MILLIS, label, problems);
        String filler = text(tool, "filler", label, problems, false);
        long fillerDelay = number(tool, "fillerDelayMillis", DEFAULT_FILLER_DELAY_MILLIS, 0, MAX_TIMEOUT_MILLIS, label,
                problems);
        if (filler != null && filler.isBlank()) {
            problems.add(label + ": filler: empty (leave it out for no filler)");
        }
        if (tool.has("fillerDelayMillis") && filler == null) {
            problems.add(label + ": fillerDelayMillis: set without a filler to say");
        }
        long maxBytes = number(tool, "maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES, 1, MAX_RESPONSE_BYTES, label,
                problems);
        if (name != null) {
            try {
                new ToolDefinition(name, description, null);
            } catch (IllegalArgumentException e) {
                problems.add(label + ": name: " + e.getMessage());
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new HttpToolSpec(name, description, parameters, method, url, Duration.ofMillis(timeout), filler,
                Duration.ofMillis(fillerDelay), (int) maxBytes, new HttpToolSpec.Request(urlTemplate, headers, body));
    }

    private static Map<String, Template> headers(JsonNode node, String label, Set<String> arguments,
            Map<String, String> env, List<String> problems) {
        Map<String, Template> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            problems.add(label + ": headers: must be a map of header name to value");
            return headers;
        }
        node.properties().forEach(h -> {
            String where = label + ": headers." + h.getKey();
            if (!HEADER_NAME.matcher(h.getKey()).matches()) {
                problems.add(where + ": not a valid header name");
            } else if (!h.getValue().isValueNode() || h.getValue().isNull()) {
                problems.add(where + ": must be a text value");
            } else {
                headers.put(h.getKey(), Template.parse(h.getValue().asText(), where, arguments, env, problems));
            }
        });
        return headers;
    }

    private static String text(JsonNode tool, String field, String label, List<String> problems, boolean required) {
        JsonNode node = tool.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(label + ": " + field + ": missing");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(label + ": " + field + ": must be non-empty text");
            return null;
        }
        return node.asText();
    }

    private static long number(JsonNode tool, String field, long fallback, long min, long max, String label,
            List<String> problems) {
        JsonNode node = tool.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            problems.add(label + ": " + field + ": must be a whole number from " + min + " to " + max + ", got " + node);
            return fallback;
        }
        return node.asLong();
    }
}
