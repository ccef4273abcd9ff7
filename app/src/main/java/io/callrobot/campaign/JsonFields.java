package io.callrobot.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one JSON object's fields, adding a problem per bad field (named by its dotted path) to a
 * shared list instead of stopping at the first, so a request learns everything wrong with it at
 * once. A field that is absent or {@code null} takes its default; one of the wrong type or out of
 * range yields null, and the caller constructs nothing once any problem is listed.
 */
final class JsonFields {

    private final ObjectNode node;
    private final String path;
    private final List<String> problems;

    private JsonFields(ObjectNode node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * The object at {@code path}; a problem for each field not in {@code known}, or for a value
     * that is not an object (then every field reads as absent).
     */
    static JsonFields of(JsonNode node, String path, List<String> problems, String... known) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new JsonFields(JsonNodeFactory.instance.objectNode(), path, problems);
        }
        if (!node.isObject()) {
            problems.add((path.isEmpty() ? "body" : path) + ": expected an object, got " + shown(node));
            return new JsonFields(JsonNodeFactory.instance.objectNode(), path, problems);
        }
        Set<String> names = new LinkedHashSet<>(List.of(known));
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                problems.add(join(path, name) + ": unknown field (known here: " + String.join(", ", names) + ")");
            }
        }
        return new JsonFields((ObjectNode) node, path, problems);
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    String where(String name) {
        return join(path, name);
    }

    /** The field's value, or null when it is absent or {@code null}. */
    JsonNode get(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** Whether the field is written out as {@code null}. */
    boolean isExplicitNull(String name) {
        JsonNode value = node.get(name);
        return value != null && value.isNull();
    }

    /** Problems listed so far, by any reader of the same body. */
    int problemCount() {
        return problems.size();
    }

    void problem(String name, String what) {
        problems.add(where(name) + ": " + what);
    }

    /** A text of 1 to {@code maxLength} characters, not blank; null (and a problem) if required and absent. */
    String text(String name, String fallback, int maxLength) {
        JsonNode value = get(name);
        if (value == null) {
            if (fallback == null) {
                problem(name, "is required");
            }
            return fallback;
        }
        if (!value.isTextual()) {
            problem(name, "expected text, got " + shown(value));
            return null;
        }
        String text = value.textValue().strip();
        if (text.isEmpty()) {
            problem(name, "must not be blank");
            return null;
        }
        if (text.length() > maxLength) {
            problem(name, "longer than " + maxLength + " characters");
            return null;
        }
        return text;
    }

    /** {@code true} or {@code false}, or null when absent (or wrong, with a problem). */
    Boolean flag(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            problem(name, "expected true or false, got " + shown(value));
            return null;
        }
        return value.booleanValue();
    }

    /** A whole number in {@code [min, max]}, or {@code fallback} when absent. */
    Integer integer(String name, Integer fallback, int min, int max) {
        JsonNode value = get(name);
        if (value == null) {
            if (fallback == null) {
                problem(name, "is required");
            }
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problem(name, "expected a whole number, got " + shown(value));
            return null;
        }
        int n = value.intValue();
        if (n < min || n > max) {
            problem(name, "must be between " + min + " and " + max + ", got " + n);
            return null;
        }
        return n;
    }

    /** A number in {@code [min, max]}, or {@code fallback} when absent. */
    Double number(String name, double fallback, double min, double max) {
        JsonNode value = get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            problem(name, "expected a number, got " + shown(value));
            return null;
        }
        double n = value.doubleValue();
        if (!(n >= min && n <= max)) {
            problem(name, "must be between " + plain(min) + " and " + plain(max) + ", got " + value.asText());
            return null;
        }
        return n;
    }

    /** The elements of an array field (empty when absent); null (and a problem) if not an array. */
    List<JsonNode> array(String name, int maxSize) {
        JsonNode value = get(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            problem(name, "expected a list, got " + shown(value));
            return null;
        }
        if (value.size() > maxSize) {
            problem(name, "more than " + maxSize + " entries");
            return null;
        }
        List<JsonNode> elements = new ArrayList<>(value.size());
        value.forEach(elements::add);
        return elements;
    }

    /** A value as the problem quotes it: JSON, cut short. */
    static String shown(JsonNode value) {
        String json = value.toString();
        return json.length() > 60 ? json.substring(0, 60) + "…" : json;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
