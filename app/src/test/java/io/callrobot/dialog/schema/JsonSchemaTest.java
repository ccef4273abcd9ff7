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
        assertThat(JsonSchema.check(json(FIELDS), json("""
                {"promise_date": "2026-03-15", "amount": 1200.5, "callback_time": "2026-03-14T10:00:00+08:00",
                 "mood": "calm", "digits": "0012"}"""))).isEmpty();
    }

    @Test
    void eachMismatchIsNamed() throws Exception {
        assertThat(JsonSchema.check(json(FIELDS), json("""
                {"amount": -3, "callback_time": "tomorrow", "mood": "sad", "digits": "12a", "extra": 1}""")))
                .containsExactlyInAnyOrder(
                        "promise_date: is required",
                        "amount: -3 is below the minimum 0",
                        "callback_time: \"tomorrow\" is not a date-time (YYYY-MM-DDThh:mm:ss+08:00)",
                        "mood: \"sad\" is not one of [\"calm\",\"angry\"]",
                        "digits: \"12a\" does not match ^[0-9]+$",
                        "extra: unknown property (allowed: [amount, callback_time, digits, mood, promise_date])");
        assertThat(JsonSchema.check(json(FIELDS), json("{\"promise_date\": \"2026-02-30\", \"amount\": \"1200\"}")))
                .containsExactlyInAnyOrder(
                        "promise_date: \"2026-02-30\" is not a date (YYYY-MM-DD)",
                        "amount: expected a number, got \"1200\"");
    }

    @Test
    void usableSchemasHaveNoProblems() throws Exception {
        assertThat(JsonSchema.problems(json(FIELDS))).isEmpty();
    }

    @Test
    void badSchemasAreNamed() throws Exception {
        assertThat(JsonSchema.problems(json("""
                {"type": "object", "required": ["when"], "properties": {
                  "a": {"type": "text"}, "b": {"type": "string", "format": "email"},
                  "c": {"type": "number", "minimum": 5, "maximum": 1}, "d": {"oneOf": []}}}""")))
                .containsExactlyInAnyOrder(
                        "a: type must be one of [array, boolean, integer, number, object, string], was \"text\"",
                        "b: format must be one of [date, date-time, time], was \"email\"",
                        "c: minimum is above maximum",
                        "d: unsupported keyword 'oneOf' (supported: [additionalProperties, description, enum, format, items, maxLength, maximum, minLength, minimum, pattern, properties, required, type])",
                        "d: needs a type (one of [array, boolean, integer, number, object, string])",
                        "schema: required names 'when', which is not among its properties");
    }
}
