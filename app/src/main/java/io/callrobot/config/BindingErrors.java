package io.callrobot.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Turns Jackson's failures to bind the merged configuration tree into one line naming the dotted key
 * and the problem, in place of Jackson's wording ({@code Cannot construct instance of ...}).
 */
final class BindingErrors {

    private BindingErrors() {
    }

    /** @param tree the merged tree that failed to bind, to quote the offending value */
    static String describe(JsonMappingException e, JsonNode tree) {
        StringBuilder dotted = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() == null) {
                dotted.append('[').append(r.getIndex()).append(']');
            } else {
                dotted.append(dotted.isEmpty() ? "" : ".").append(r.getFieldName());
            }
        }
        String path = dotted.toString();
        if (e instanceof ValueInstantiationException v && v.getCause() != null && v.getCause().getMessage() != null) {
            return refused(path, v.getType(), v.getCause().getMessage());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            JsonNode value = tree.at(e.getPath().stream()
                    .map(r -> "/" + (r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex())))
                    .collect(Collectors.joining()));
            return path + ": expected " + expected(m.getTargetType()) + ", got "
                    + (value.isMissingNode() ? "something else" : value.toString());
        }
        return path + ": " + e.getOriginalMessage();
    }

    /**
     * A record's compact constructor refused its values. Its message names the field it checks
     * (e.g. {@code port out of range: 70000}): the first component named there becomes the key,
     * else the record's own path is the key.
     */
    private static String refused(String path, JavaType type, String message) {
        RecordComponent[] components = type == null ? null : type.getRawClass().getRecordComponents();
        if (components != null) {
            String[] words = message.split("[^A-Za-z0-9_]+");
            for (int i = 0; i < words.length; i++) {
                for (RecordComponent c : components) {
                    if (c.getName().equals(words[i])) {
                        // "port out of range: 1" -> "esl.port: out of range: 1"; a name further in stays in place
                        String rest = i == 0 && message.startsWith(words[i])
                                ? message.substring(words[i].length()).replaceFirst("^[:\\s]+", "") : message;
                        return join(path, words[i]) + ": " + rest;
                    }
                }
            }
        }
        return path + ": " + message;
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Duration.class) {
            return "a duration such as 250ms, 5s or 2m";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return type.isRecord() ? "a mapping" : type.getSimpleName();
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
