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
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks schemas written in a flow and values against them, for the subset this package supports
 * (JSON Schema 2020-12 Validation, sections 6.1-6.5 and 7.3). Every problem is a sentence naming
 * where it is, e.g. {@code promise_date: "next week" is not a date (YYYY-MM-DD)}.
 */
public final class JsonSchema {

    private static final Set<String> TYPES = Set.of("object", "string", "number", "integer", "boolean", "array");
    private static final Set<String> KEYWORDS = Set.of("type", "description", "properties", "required",
            "additionalProperties", "enum", "format", "minimum", "maximum", "minLength", "maxLength", "pattern", "items");
    private static final Map<String, Predicate<String>> FORMATS = Map.of(
            // RFC 3339 section 5.6: full-date, date-time (with offset), full-time
            "date", s -> parses(() -> LocalDate.parse(s)),
            "date-time", s -> parses(() -> OffsetDateTime.parse(s)),
            "time", s -> parses(() -> LocalTime.parse(s)));
    private static final Map<String, String> FORMAT_HINTS = Map.of(
            "date", "YYYY-MM-DD", "date-time", "YYYY-MM-DDThh:mm:ss+08:00", "time", "hh:mm:ss");

    private JsonSchema() {
    }

    /** What is wrong with {@code schema} itself (unsupported keyword, unknown type, bad bounds); empty if usable. */
    public static List<String> problems(JsonNode schema) {
        List<String> problems = new ArrayList<>();
        checkSchema("", schema, problems);
        return problems;
    }

    /** Why {@code value} does not match {@code schema} (assumed usable); empty when it does. */
    public static List<String> check(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        checkValue("", schema, value, problems);
        return problems;
    }

    private static void checkSchema(String at, JsonNode schema, List<String> problems) {
        String where = at.isEmpty() ? "schema" : at;
        if (schema == null || !schema.isObject()) {
            problems.add(where + ": must be an object such as {type: string}");
            return;
        }
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYWORDS.contains(key)) {
                problems.add(where + ": unsupported keyword '" + key + "' (supported: " + new java.util.TreeSet<>(KEYWORDS) + ")");
            }
        }
        JsonNode type = schema.get("type");
        if (type == null) {
            problems.add(where + ": needs a type (one of " + new java.util.TreeSet<>(TYPES) + ")");
        } else if (!type.isTextual() || !TYPES.contains(type.asText())) {
            problems.add(where + ": type must be one of " + new java.util.TreeSet<>(TYPES) + ", was " + type);
        }
        JsonNode format = schema.get("format");
        if (format != null && !FORMATS.containsKey(format.asText())) {
            problems.add(where + ": format must be one of " + new java.util.TreeSet<>(FORMATS.keySet()) + ", was " + format);
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
        if (enumValues != null && (!enumValues.isArray() || enumValues.isEmpty())) {
            problems.add(where + ": enum must be a non-empty list");
        }
        for (String bound : List.of("minimum", "maximum")) {
            if (schema.has(bound) && !schema.get(bound).isNumber()) {
                problems.add(where + ": " + bound + " must be a number");
            }
        }
        for (String bound : List.of("minLength", "maxLength")) {
            if (schema.has(bound) && !(schema.get(bound).canConvertToInt() && schema.get(bound).asInt() >= 0)) {
                problems.add(where + ": " + bound + " must be a non-negative integer");
            }
        }
        if (schema.has("minimum") && schema.has("maximum") && schema.get("minimum").isNumber()
                && schema.get("maximum").isNumber() && schema.get("minimum").asDouble() > schema.get("maximum").asDouble()) {
            problems.add(where + ": minimum is above maximum");
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            if (!properties.isObject()) {
                problems.add(where + ": properties must map names to schemas");
            } else {
                properties.fields().forEachRemaining(e -> checkSchema(join(at, e.getKey()), e.getValue(), problems));
            }
        }
        JsonNode required = schema.get("required");
        if (required != null) {
            if (!required.isArray()) {
                problems.add(where + ": required must be a list of property names");
            } else {
                for (JsonNode name : required) {
                    if (properties == null || !properties.has(name.asText())) {
                        problems.add(where + ": required names '" + name.asText() + "', which is not among its properties");
                    }
                }
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && !additional.isBoolean()) {
            problems.add(where + ": additionalProperties must be true or false");
        }
        if (schema.has("items")) {
            checkSchema(at + "[]", schema.get("items"), problems);
        }
    }

    private static void checkValue(String at, JsonNode schema, JsonNode value, List<String> problems) {
        String where = at.isEmpty() ? "arguments" : at;
        String type = schema.path("type").asText();
        if (!hasType(type, value)) {
            problems.add(where + ": expected " + article(type) + ", got " + (value == null ? "nothing" : value.toString()));
            return;
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && !contains(enumValues, value)) {
            problems.add(where + ": " + value + " is not one of " + enumValues);
        }
        switch (type) {
            case "string" -> checkString(where, schema, value.asText(), problems);
            case "number", "integer" -> {
                if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                    problems.add(where + ": " + value + " is below the minimum " + schema.get("minimum"));
                }
                if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                    problems.add(where + ": " + value + " is above the maximum " + schema.get("maximum"));
                }
            }
            case "object" -> checkObject(at, schema, value, problems);
            case "array" -> {
                if (schema.has("items")) {
                    for (int i = 0; i < value.size(); i++) {
                        checkValue(at + "[" + i + "]", schema.get("items"), value.get(i), problems);
                    }
                }
            }
            default -> { }
        }
    }

    private static void checkString(String where, JsonNode schema, String text, List<String> problems) {
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
        String format = schema.path("format").asText(null);
        if (format != null && FORMATS.containsKey(format) && !FORMATS.get(format).test(text)) {
            problems.add(where + ": \"" + text + "\" is not a " + format + " (" + FORMAT_HINTS.get(format) + ")");
        }
    }

    private static void checkObject(String at, JsonNode schema, JsonNode value, List<String> problems) {
        JsonNode properties = schema.path("properties");
        for (JsonNode name : schema.path("required")) {
            if (!value.has(name.asText()) || value.get(name.asText()).isNull()) {
                problems.add(join(at, name.asText()) + ": is required");
            }
        }
        value.fields().forEachRemaining(e -> {
            JsonNode property = properties.get(e.getKey());
            if (property != null) {
                checkValue(join(at, e.getKey()), property, e.getValue(), problems);
            } else if (!schema.path("additionalProperties").asBoolean(true)) {
                problems.add(join(at, e.getKey()) + ": unknown property (allowed: "
                        + new java.util.TreeSet<>(names(properties)) + ")");
            }
        });
    }

    private static boolean hasType(String type, JsonNode value) {
        if (value == null) {
            return false;
        }
        return switch (type) {
            case "object" -> value.isObject();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            // JSON Schema: an integer is a number with a zero fractional part, so 3.0 is one
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            default -> false;
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value) || v.isNumber() && value.isNumber() && v.asDouble() == value.asDouble()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String article(String type) {
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
