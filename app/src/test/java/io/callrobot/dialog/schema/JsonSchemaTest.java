package io.callrobot.dialog.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static final String FIELDS = """
            {"type": "object", "additionalProperties": false, "required": ["promise_date"],
             "properties": {
               "promise_date": {"type": "string", "format": "date"},
               "amount": {"type": "number", "minimum": 0, "maximum": 100000},
               "callback_time": {"type": "string", "format": "date-time"},
               "mood": {"type": "string", "enum": ["calm", "angry"]},
               "digits": {"type": "string", "pattern": "^[0-9]+$"}}}""";

    @Test
    void valuesThatMatchPass() throws Exception {
        assertThat(JsonSchema.STRICT.check(json(FIELDS), json("""
                {"promise_date": "2026-03-15", "amount": 1200.5, "callback_time": "2026-03-14T10:00:00+08:00",
                 "mood": "calm", "digits": "0012"}"""))).isEmpty();
    }

    @Test
    void eachMismatchIsNamed() throws Exception {
        assertThat(JsonSchema.STRICT.check(json(FIELDS), json("""
                {"amount": -3, "callback_time": "tomorrow", "mood": "sad", "digits": "12a", "extra": 1}""")))
                .containsExactlyInAnyOrder(
                        "promise_date: is required",
                        "amount: -3 is below the minimum 0",
                        "callback_time: \"tomorrow\" is not a date-time (YYYY-MM-DDThh:mm:ss+08:00)",
                        "mood: \"sad\" is not one of [\"calm\",\"angry\"]",
                        "digits: \"12a\" does not match ^[0-9]+$",
                        "extra: unknown property (allowed: [amount, callback_time, digits, mood, promise_date])");
        assertThat(JsonSchema.STRICT.check(json(FIELDS), json("{\"promise_date\": \"2026-02-30\", \"amount\": \"1200\"}")))
                .containsExactlyInAnyOrder(
                        "promise_date: \"2026-02-30\" is not a date (YYYY-MM-DD)",
                        "amount: expected a number, got \"1200\"");
    }

    @Test
    void usableSchemasHaveNoProblems() throws Exception {
        assertThat(JsonSchema.STRICT.problems(json(FIELDS))).isEmpty();
    }

    @Test
    void badSchemasAreNamed() throws Exception {
        assertThat(JsonSchema.STRICT.problems(json("""
                {"type": "object", "required": ["when"], "properties": {
                  "a": {"type": "text"}, "b": {"type": "string", "format": "email"},
                  "c": {"type": "number", "minimum": 5, "maximum": 1}, "d": {"oneOf": []}}}""")))
                .containsExactlyInAnyOrder(
                        "a: type must be one of [array, boolean, integer, number, object, string], was \"text\"",
                        "b: format must be one of [date, date-time, time], was \"email\"",
                        "c: minimum is above maximum",
                        "d: unsupported keyword 'oneOf' (supported: [additionalProperties, const, description, enum, exclusiveMaximum, exclusiveMinimum, format, items, maxItems, maxLength, maximum, minItems, minLength, minimum, pattern, properties, required, type])",
                        "d: needs a type (one of [array, boolean, integer, number, object, string])",
                        "schema: required names 'when', which is not among its properties");
    }

    private static final String ORDER = """
            {"type": "object", "required": ["order_id"], "properties": {
               "order_id": {"type": "string", "minLength": 3},
               "kind": {"const": "refund"},
               "when": {"type": "string", "format": "date"},
               "share": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
               "note": {"type": ["string", "null"]},
               "count": {"type": "integer", "enum": [1, 2]},
               "lines": {"type": "array", "minItems": 1, "maxItems": 2,
                         "items": {"type": "object", "properties": {"sku": {"type": "string", "pattern": "^[A-Z]+$"}}}},
               "tags": {"type": "object", "additionalProperties": {"type": "string"}}},
             "x-origin": "crm"}""";

    @Test
    void toolParametersAcceptAnnotationsNullAndTypeLists() throws Exception {
        assertThat(JsonSchema.OPEN.problems(json(ORDER))).isEmpty();
        assertThat(JsonSchema.OPEN.check(json(ORDER), json("""
                {"order_id": "A-12", "kind": "refund", "when": "next week", "share": 0.5, "note": null,
                 "count": 2.0, "lines": [{"sku": "AB"}], "tags": {"a": "b"}, "other": 1}"""))).isEmpty();
    }

    @Test
    void toolParameterMismatchesAreNamedDownToNestedItems() throws Exception {
        assertThat(JsonSchema.OPEN.check(json(ORDER), json("""
                {"order_id": null, "kind": "sale", "share": 1, "note": 3, "count": 3,
                 "lines": [{"sku": "ab"}, {}, {}], "tags": {"a": 1}}""")))
                .containsExactlyInAnyOrder(
                        "order_id: expected a string, got null",
                        "kind: \"sale\" is not \"refund\"",
                        "share: 1 is not below 1",
                        "note: expected a string or null, got 3",
                        "count: 3 is not one of [1,2]",
                        "lines: more than 2 items",
                        "lines[0].sku: \"ab\" does not match ^[A-Z]+$",
                        "tags.a: expected a string, got 1");
        assertThat(JsonSchema.OPEN.check(json(ORDER), json("{\"share\": 0, \"lines\": []}")))
                .containsExactlyInAnyOrder("order_id: is required", "share: 0 is not above 0", "lines: fewer than 1 items");
    }

    @Test
    void badToolParametersAreNamed() throws Exception {
        assertThat(JsonSchema.OPEN.problems(json("""
                {"type": "object", "properties": {
                  "a": {"type": ["string", "text"]}, "b": {"type": "string", "pattern": "("},
                  "c": {"type": "array", "items": {"type": "object", "properties": {"d": {"type": "strng"}}}},
                  "e": {"type": "number", "minimum": "5"}}}""")))
                .containsExactlyInAnyOrder(
                        "a: type must be one of [array, boolean, integer, null, number, object, string], was \"text\"",
                        "b: pattern is not a regular expression: Unclosed group",
                        "c[].d: type must be one of [array, boolean, integer, null, number, object, string], was \"strng\"",
                        "e: minimum must be a number");
    }
}
