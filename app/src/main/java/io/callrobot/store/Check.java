package io.callrobot.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Argument checks whose messages name the field at fault. */
final class Check {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Check() {
    }

    static void notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
    }

    static void notNegative(String field, Integer value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(field + " must not be negative: " + value);
        }
    }

    static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive: " + value);
        }
    }

    static void range(String field, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(field + " must be 1 to " + max + ": " + value);
        }
    }

    static void jsonOrNull(String field, String json) {
        if (json != null) {
            parse(field, json);
        }
    }

    static void jsonObject(String field, String json) {
        if (!parse(field, json).isObject()) {
            throw new IllegalArgumentException(field + " must be a JSON object: " + abbreviate(json));
        }
    }

    private static JsonNode parse(String field, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(field + " must be JSON, not empty text");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(field + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
