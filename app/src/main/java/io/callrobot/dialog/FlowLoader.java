package io.callrobot.dialog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.callrobot.dialog.tools.http.HttpToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parses one YAML flow file strictly (unknown keys are errors), validates it and parses its HTTP
 * tools, whose secrets ({@code ${env:NAME}}) come from the environment it was given.
 */
final class FlowLoader {

    private final Map<String, String> env;

    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** A loader whose flows' HTTP tools can use no secrets. */
    FlowLoader() {
        this(Map.of());
    }

    /** @param env the environment HTTP tools' secrets come from, normally {@link System#getenv()} */
    FlowLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * @param source the file name used in error messages
     * @throws FlowException listing every problem found
     */
    Flow load(String source, InputStream in) {
        Flow flow = parse(source, in);
        List<String> problems = new ArrayList<>(FlowValidator.validate(source, flow));
        List<HttpToolSpec> specs = List.of();
        try {
            specs = HttpToolSpec.parseAll(source, flow.httpTools(), env);
        } catch (FlowException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new FlowException(problems);
        }
        return flow.withHttpToolSpecs(specs);
    }

    /**
     * Parses without validating (the flows page shows an invalid flow with its problems).
     *
     * @throws FlowException if the file is not a flow at all: unreadable, bad YAML, unknown fields
     */
    Flow parse(String source, InputStream in) {
        Flow flow;
        try {
            flow = yaml.readValue(in, Flow.class);
        } catch (UnrecognizedPropertyException e) {
            throw new FlowException(List.of(source + ": " + path(e, true) + ": unknown field '" + e.getPropertyName()
                    + "' (allowed: " + new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).toList()) + ")"));
        } catch (JsonMappingException e) {
            throw new FlowException(List.of(source + ": " + path(e, false) + ": " + e.getOriginalMessage() + line(e)));
        } catch (JacksonException e) {
            throw new FlowException(List.of(source + ": invalid YAML: " + e.getOriginalMessage() + line(e)));
        } catch (IOException e) {
            throw new FlowException(List.of(source + ": cannot read: " + e.getMessage()));
        }
        if (flow == null) {
            throw new FlowException(List.of(source + ": the file is empty"));
        }
        return flow;
    }

    /** Jackson's path as {@code node 'greet' intents[1].regex}, so messages read like the validator's. */
    private static String path(JsonMappingException e, boolean dropLast) {
        List<JsonMappingException.Reference> refs = e.getPath();
        int end = dropLast && !refs.isEmpty() ? refs.size() - 1 : refs.size();
        StringBuilder out = new StringBuilder();
        int i = 0;
        if (end >= 2 && "nodes".equals(refs.get(0).getFieldName()) && refs.get(1).getFieldName() != null) {
            out.append("node '").append(refs.get(1).getFieldName()).append("' ");
            i = 2;
        }
        int fieldsFrom = out.length();
        for (; i < end; i++) {
            JsonMappingException.Reference ref = refs.get(i);
            if (ref.getFieldName() != null) {
                out.append(out.length() > fieldsFrom ? "." : "").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        String text = out.toString().strip();
        return text.isEmpty() ? "top level" : text;
    }

    private static String line(JacksonException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ")";
    }
}
