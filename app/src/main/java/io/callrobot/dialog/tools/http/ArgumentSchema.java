package io.callrobot.dialog.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a model's arguments against the tool's JSON Schema before any request goes out. It knows
 * the keywords tool schemas use (JSON Schema 2020-12 validation vocabulary: type, enum, const,
 * properties, required, additionalProperties, items, minimum, maximum, exclusiveMinimum,
 * exclusiveMaximum, minLength, maxLength, pattern, minItems, maxItems); others, such as
 * {@code description} and {@code format}, are annotations and pass.
 */
final class ArgumentSchema {

    private ArgumentSchema() {
    }

    /** Problems with the schema itself (a bad {@code pattern}, a {@code type} not in the vocabulary). */
    static void checkSchema(JsonNode schema, String where, List<String> problems) {
        if (!schema.isObject()) {
            problems.add(where + ": must be a JSON Schema object");
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            for (JsonNode t : type.isArray() ? type : List.of(type)) {
                if (!List.of("object", "array", "string", "number", "integer", "boolean", "null").contains(t.asText())) {
                    problems.add(where + ".type: unknown type '" + t.asText() + "'");
                }
            }
        }
        JsonNode pattern = schema.get("pattern");
        if (pattern != null) {
            try {
                Pattern.compile(pattern.asText());
            } catch (PatternSyntaxException e) {
                problems.add(where + ".pattern: not a regular expression: " + e.getDescription());
            }
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            properties.properties().forEach(p -> checkSchema(p.getValue(), where + ".properties." + p.getKey(), problems));
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            checkSchema(items, where + ".items", problems);
        }
    }

    /** What is wrong with {@code value}, one sentence per problem naming the argument; empty if valid. */
    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        validate(schema, value, "arguments", problems);
        return problems;
    }

    private static void validate(JsonNode schema, JsonNode value, String path, List<String> problems) {
        JsonNode type = schema.get("type");
        if (type != null && !typeMatches(type, value)) {
            problems.add(path + ": expected " + (type.isArray() ? type.toString() : type.asText()) + ", got "
                    + typeOf(value));
            return;
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray() && !contains(allowed, value)) {
            problems.add(path + ": must be one of " + allowed);
        }
        JsonNode constant = schema.get("const");
        if (constant != null && !equal(constant, value)) {
            problems.add(path + ": must be " + constant);
        }
        if (value.isNumber()) {
            number(schema, value.doubleValue(), path, problems);
        } else if (value.isTextual()) {
            text(schema, value.asText(), path, problems);
        } else if (value.isArray()) {
            array(schema, value, path, problems);
        } else if (value.isObject()) {
            object(schema, value, path, problems);
        }
    }

    private static void number(JsonNode schema, double v, String path, List<String> problems) {
        bound(schema, "minimum", v, path, problems, v < limit(schema, "minimum"));
        bound(schema, "maximum", v, path, problems, v > limit(schema, "maximum"));
        bound(schema, "exclusiveMinimum", v, path, problems, v <= limit(schema, "exclusiveMinimum"));
        bound(schema, "exclusiveMaximum", v, path, problems, v >= limit(schema, "exclusiveMaximum"));
    }

    private static double limit(JsonNode schema, String keyword) {
        JsonNode n = schema.get(keyword);
        return n != null && n.isNumber() ? n.doubleValue() : Double.NaN;
    }

    private static void bound(JsonNode schema, String keyword, double v, String path, List<String> problems,
            boolean broken) {
        if (broken) {
            problems.add(path + ": " + v + " breaks " + keyword + " " + schema.get(keyword));
        }
    }

    private static void text(JsonNode schema, String s, String path, List<String> problems) {
        int length = s.codePointCount(0, s.length());
        JsonNode min = schema.get("minLength");
        if (min != null && length < min.asInt()) {
            problems.add(path + ": shorter than minLength " + min.asInt());
        }
        JsonNode max = schema.get("maxLength");
        if (max != null && length > max.asInt()) {
            problems.add(path + ": longer than maxLength " + max.asInt());
        }
        JsonNode pattern = schema.get("pattern");
        // JSON Schema 2020-12 validation §6.3.3: "not implicitly anchored"
        if (pattern != null && !Pattern.compile(pattern.asText()).matcher(s).find()) {
            problems.add(path + ": does not match pattern " + pattern.asText());
        }
    }

    private static void array(JsonNode schema, JsonNode value, String path, List<String> problems) {
        JsonNode min = schema.get("minItems");
        if (min != null && value.size() < min.asInt()) {
            problems.add(path + ": fewer than minItems " + min.asInt());
        }
        JsonNode max = schema.get("maxItems");
        if (max != null && value.size() > max.asInt()) {
            problems.add(path + ": more than maxItems " + max.asInt());
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            for (int i = 0; i < value.size(); i++) {
                validate(items, value.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static void object(JsonNode schema, JsonNode value, String path, List<String> problems) {
        JsonNode required = schema.get("required");
        if (required != null) {
            for (JsonNode name : required) {
                JsonNode given = value.get(name.asText());
                if (given == null) {
                    problems.add(path + "." + name.asText() + ": required");
                }
            }
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode property = properties == null ? null : properties.get(field.getKey());
            if (property != null) {
                validate(property, field.getValue(), path + "." + field.getKey(), problems);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                problems.add(path + "." + field.getKey() + ": not an argument of this tool");
            } else if (additional != null && additional.isObject()) {
                validate(additional, field.getValue(), path + "." + field.getKey(), problems);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        for (JsonNode t : type.isArray() ? type : List.of(type)) {
            boolean match = switch (t.asText()) {
                case "object" -> value.isObject();
                case "array" -> value.isArray();
                case "string" -> value.isTextual();
                case "number" -> value.isNumber();
                // JSON Schema 2020-12 validation §6.1.1: an integer is a number with a zero fractional part
                case "integer" -> value.isIntegralNumber() || value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue());
                case "boolean" -> value.isBoolean();
                case "null" -> value.isNull();
                default -> false;
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static String typeOf(JsonNode value) {
        if (value.isIntegralNumber()) {
            return "integer " + value;
        }
        return switch (value.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string " + value;
            case NUMBER -> "number " + value;
            case BOOLEAN -> "boolean " + value;
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase();
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (equal(v, value)) {
                return true;
            }
        }
        return false;
    }

    // numbers compare by value (1 equals 1.0), as JSON Schema 2020-12 core §4.2.2 says
    private static boolean equal(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) == 0 : a.equals(b);
    }
}
