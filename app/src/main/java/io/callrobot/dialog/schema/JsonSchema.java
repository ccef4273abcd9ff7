package io.callrobot.dialog.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks schemas and values against them, for the subset this package supports (JSON Schema 2020-12
 * Validation, sections 6.1-6.5 and 7.3). Every problem is a sentence naming where it is, e.g.
 * {@code promise_date: "next week" is not a date (YYYY-MM-DD)}.
 *
 * <p>Two dialects: {@link #STRICT} for schemas a flow writes itself (every keyword must be one this
 * class checks, each schema has one type, {@code format} is asserted) and {@link #OPEN} for tool
 * parameters written like any function-calling schema (other keywords are annotations and pass, type
 * is optional and may be a list, {@code format} is an annotation). Both refuse schemas that are not
 * valid JSON Schema for the keywords they know, and check values the same way.
 */
public final class JsonSchema {

    /** Schemas a flow declares, e.g. the fields of {@code record_fields}. */
    public static final JsonSchema STRICT = new JsonSchema(true);
    /** Parameters of tools the model calls, e.g. HTTP tools. */
    public static final JsonSchema OPEN = new JsonSchema(false);

    private static final Set<String> TYPES = Set.of("object", "string", "number", "integer", "boolean", "array");
    private static final Set<String> OPEN_TYPES = Set.of("object", "string", "number", "integer", "boolean", "array", "null");
    private static final Set<String> KEYWORDS = Set.of("type", "description", "properties", "required",
            "additionalProperties", "enum", "const", "format", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "minLength", "maxLength", "pattern", "items", "minItems", "maxItems");
    private static final Map<String, Predicate<String>> FORMATS = Map.of(
            // RFC 3339 section 5.6: full-date, date-time (with offset), full-time
            "date", s -> parses(() -> LocalDate.parse(s)),
            "date-time", s -> parses(() -> OffsetDateTime.parse(s)),
            "time", s -> parses(() -> LocalTime.parse(s)));
    private static final Map<String, String> FORMAT_HINTS = Map.of(
            "date", "YYYY-MM-DD", "date-time", "YYYY-MM-DDThh:mm:ss+08:00", "time", "hh:mm:ss");

    private final boolean strict;

    private JsonSchema(boolean strict) {
        this.strict = strict;
    }

    /** What is wrong with {@code schema} itself (unsupported keyword, unknown type, bad bounds); empty if usable. */
    public List<String> problems(JsonNode schema) {
        List<String> problems = new ArrayList<>();
        checkSchema("", schema, problems);
        return problems;
    }

    /** Why {@code value} does not match {@code schema} (assumed usable); empty when it does. */
    public List<String> check(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        checkValue("", schema, value, problems);
        return problems;
    }

    private void checkSchema(String at, JsonNode schema, List<String> problems) {
        String where = at.isEmpty() ? "schema" : at;
        if (schema == null || !schema.isObject()) {
            problems.add(where + ": must be an object such as {type: string}");
            return;
        }
        if (strict) {
            strictRules(where, schema, problems);
        }
        JsonNode type = schema.get("type");
        if (type != null && !strict) {
            for (JsonNode t : type.isArray() ? type : List.of(type)) {
                if (!OPEN_TYPES.contains(t.asText())) {
                    problems.add(where + ": type must be one of " + new TreeSet<>(OPEN_TYPES) + ", was " + t);
                }
            }
        }
        JsonNode pattern = schema.get("pattern");
        if (pattern != null) {
            try {
                Pattern.compile(pattern.asText());
            } catch (PatternSyntaxException e) {
                problems.add(where + ": pattern is not a regular expression: " + e.getDescription());
            }
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && !enumValues.isArray()) {
            problems.add(where + ": enum must be a list");
        }
        for (String bound : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) {
            if (schema.has(bound) && !schema.get(bound).isNumber()) {
                problems.add(where + ": " + bound + " must be a number");
            }
        }
        for (String bound : List.of("minLength", "maxLength", "minItems", "maxItems")) {
            if (schema.has(bound) && !(schema.get(bound).canConvertToInt() && schema.get(bound).asInt() >= 0)) {
                problems.add(where + ": " + bound + " must be a non-negative integer");
            }
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            if (!properties.isObject()) {
                problems.add(where + ": properties must map names to schemas");
            } else {
                properties.properties().forEach(e -> checkSchema(join(at, e.getKey()), e.getValue(), problems));
            }
        }
        JsonNode required = schema.get("required");
        if (required != null && !required.isArray()) {
            problems.add(where + ": required must be a list of property names");
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && !additional.isBoolean()) {
            checkSchema(at + "{}", additional, problems);
        }
        if (schema.has("items")) {
            checkSchema(at + "[]", schema.get("items"), problems);
        }
    }

    /** What a flow's own schema must also satisfy: known keywords, one type, known formats, sane bounds. */
    private static void strictRules(String where, JsonNode schema, List<String> problems) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYWORDS.contains(key)) {
                problems.add(where + ": unsupported keyword '" + key + "' (supported: " + new TreeSet<>(KEYWORDS) + ")");
            }
        }
        JsonNode type = schema.get("type");
        if (type == null) {
            problems.add(where + ": needs a type (one of " + new TreeSet<>(TYPES) + ")");
        } else if (!type.isTextual() || !TYPES.contains(type.asText())) {
            problems.add(where + ": type must be one of " + new TreeSet<>(TYPES) + ", was " + type);
        }
        JsonNode format = schema.get("format");
        if (format != null && !FORMATS.containsKey(format.asText())) {
            problems.add(where + ": format must be one of " + new TreeSet<>(FORMATS.keySet()) + ", was " + format);
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray() && enumValues.isEmpty()) {
            problems.add(where + ": enum must be a non-empty list");
        }
        if (schema.path("minimum").isNumber() && schema.path("maximum").isNumber()
                && schema.get("minimum").asDouble() > schema.get("maximum").asDouble()) {
            problems.add(where + ": minimum is above maximum");
        }
        for (JsonNode name : schema.path("required")) {
            if (!schema.path("properties").has(name.asText())) {
                problems.add(where + ": required names '" + name.asText() + "', which is not among its properties");
            }
        }
    }

    private void checkValue(String at, JsonNode schema, JsonNode value, List<String> problems) {
        String where = at.isEmpty() ? "arguments" : at;
        JsonNode type = schema.get("type");
        if (value == null || type != null && !hasType(type, value)) {
            problems.add(where + ": expected " + expected(type) + ", got " + (value == null ? "nothing" : value.toString()));
            return;
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && !contains(enumValues, value)) {
            problems.add(where + ": " + value + " is not one of " + enumValues);
        }
        JsonNode constant = schema.get("const");
        if (constant != null && !equal(constant, value)) {
            problems.add(where + ": " + value + " is not " + constant);
        }
        if (value.isNumber()) {
            checkNumber(where, schema, value, problems);
        } else if (value.isTextual()) {
            checkString(where, schema, value.asText(), problems);
        } else if (value.isObject()) {
            checkObject(at, schema, value, problems);
        } else if (value.isArray()) {
            checkArray(at, where, schema, value, problems);
        }
    }

    private static void checkNumber(String where, JsonNode schema, JsonNode value, List<String> problems) {
        double v = value.asDouble();
        if (schema.path("minimum").isNumber() && v < schema.get("minimum").asDouble()) {
            problems.add(where + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.path("maximum").isNumber() && v > schema.get("maximum").asDouble()) {
            problems.add(where + ": " + value + " is above the maximum " + schema.get("maximum"));
        }
        if (schema.path("exclusiveMinimum").isNumber() && v <= schema.get("exclusiveMinimum").asDouble()) {
            problems.add(where + ": " + value + " is not above " + schema.get("exclusiveMinimum"));
        }
        if (schema.path("exclusiveMaximum").isNumber() && v >= schema.get("exclusiveMaximum").asDouble()) {
            problems.add(where + ": " + value + " is not below " + schema.get("exclusiveMaximum"));
        }
    }

    private void checkString(String where, JsonNode schema, String text, List<String> problems) {
        int length = text.codePointCount(0, text.length());
        if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
            problems.add(where + ": shorter than " + schema.get("minLength") + " characters");
        }
        if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            problems.add(where + ": longer than " + schema.get("maxLength") + " characters");
        }
        // JSON Schema Validation 6.3.3: a pattern matches anywhere unless anchored
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
            problems.add(where + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
        }
        // JSON Schema Validation 7.2: format is an annotation unless the dialect asserts it
        String format = schema.path("format").asText(null);
        if (strict && format != null && FORMATS.containsKey(format) && !FORMATS.get(format).test(text)) {
            problems.add(where + ": \"" + text + "\" is not a " + format + " (" + FORMAT_HINTS.get(format) + ")");
        }
    }

    private void checkObject(String at, JsonNode schema, JsonNode value, List<String> problems) {
        JsonNode properties = schema.path("properties");
        // JSON Schema Validation 6.5.3: required means present; a null that is present is checked by its type
        for (JsonNode name : schema.path("required")) {
            if (!value.has(name.asText())) {
                problems.add(join(at, name.asText()) + ": is required");
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        value.properties().forEach(e -> {
            JsonNode property = properties.get(e.getKey());
            if (property != null) {
                checkValue(join(at, e.getKey()), property, e.getValue(), problems);
            } else if (additional != null && additional.isObject()) {
                checkValue(join(at, e.getKey()), additional, e.getValue(), problems);
            } else if (additional != null && !additional.asBoolean(true)) {
                problems.add(join(at, e.getKey()) + ": unknown property (allowed: " + new TreeSet<>(names(properties)) + ")");
            }
        });
    }

    private void checkArray(String at, String where, JsonNode schema, JsonNode value, List<String> problems) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            problems.add(where + ": fewer than " + schema.get("minItems") + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            problems.add(where + ": more than " + schema.get("maxItems") + " items");
        }
        if (schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                checkValue(at + "[" + i + "]", schema.get("items"), value.get(i), problems);
            }
        }
    }

    private static boolean hasType(JsonNode type, JsonNode value) {
        for (JsonNode t : type.isArray() ? type : List.of(type)) {
            boolean match = switch (t.asText()) {
                case "object" -> value.isObject();
                case "string" -> value.isTextual();
                case "number" -> value.isNumber();
                // JSON Schema Validation 6.1.1: an integer is a number with a zero fractional part, so 3.0 is one
                case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
                case "boolean" -> value.isBoolean();
                case "array" -> value.isArray();
                case "null" -> value.isNull();
                default -> false;
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static String expected(JsonNode type) {
        if (type == null) {
            return "a value";
        }
        List<String> names = new ArrayList<>();
        for (JsonNode t : type.isArray() ? type : List.of(type)) {
            names.add(article(t.asText()));
        }
        return String.join(" or ", names);
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (equal(v, value)) {
                return true;
            }
        }
        return false;
    }

    // JSON Schema Core 4.2.2: numbers are equal by value, so 1 equals 1.0
    private static boolean equal(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) == 0 : a.equals(b);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String article(String type) {
        if (type.equals("null")) {
            return "null";
        }
        return (type.startsWith("a") || type.startsWith("i") || type.startsWith("o") ? "an " : "a ") + type;
    }

    private static String join(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
