package io.callrobot.dialog.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with placeholders, parsed once at load: {@code {name}} is the model's argument
 * {@code name}, {@code ${name}} or {@code ${name:-default}} the call variable (as in flow prompts),
 * {@code ${env:NAME}} a secret from the environment, resolved at load where {@code secrets} allows.
 */
final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}|\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)(?::-([^}]*))?}|\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private sealed interface Part {
    }

    private record Literal(String text) implements Part {
    }

    private record Argument(String name) implements Part {
    }

    private record Variable(String name, String fallback) implements Part {
    }

    private record Secret(String value) implements Part {
    }

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * @param text      the template as written
     * @param arguments the argument names the schema declares
     * @param env       where secrets come from, or null where secrets are not allowed
     * @param problems  gets one sentence per problem, prefixed by {@code where}
     */
    static Template parse(String text, String where, Set<String> arguments, Map<String, String> env,
            List<String> problems) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            literal(parts, text.substring(last, m.start()), where, problems);
            last = m.end();
            if (m.group(1) != null) {
                if (env == null) {
                    problems.add(where + ": secrets (${env:" + m.group(1) + "}) may only be used in headers");
                    continue;
                }
                String value = env.get(m.group(1));
                if (value == null || value.isEmpty()) {
                    problems.add(where + ": environment variable " + m.group(1) + " is not set");
                    continue;
                }
                parts.add(new Secret(value));
            } else if (m.group(2) != null) {
                parts.add(new Variable(m.group(2), m.group(3)));
            } else if (arguments.contains(m.group(4))) {
                parts.add(new Argument(m.group(4)));
            } else {
                problems.add(where + ": {" + m.group(4) + "} is not an argument of the tool (parameters.properties: "
                        + arguments + ")");
            }
        }
        literal(parts, text.substring(last), where, problems);
        return new Template(parts);
    }

    private static void literal(List<Part> parts, String text, String where, List<String> problems) {
        if (text.contains("${") || text.contains("{") && text.contains("}")) {
            problems.add(where + ": malformed placeholder in '" + text
                    + "' (use {argument}, ${variable}, ${variable:-default} or ${env:NAME})");
        }
        if (!text.isEmpty()) {
            parts.add(new Literal(text));
        }
    }

    /** The argument names used. */
    List<String> arguments() {
        return parts.stream().filter(p -> p instanceof Argument).map(p -> ((Argument) p).name()).toList();
    }

    /** True when the template is exactly one argument, e.g. a body field {@code "{amount}"}. */
    String soleArgument() {
        return parts.size() == 1 && parts.getFirst() instanceof Argument a ? a.name() : null;
    }

    /**
     * The text with arguments and variables filled in, each passed through {@code encode}; literal
     * text and secrets are used as written.
     *
     * @throws MissingArgumentException if an argument used is missing or null
     */
    String render(JsonNode arguments, Map<String, String> variables, UnaryOperator<String> encode) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Literal l -> out.append(l.text());
                case Secret s -> out.append(s.value());
                case Variable v -> {
                    String value = variables.get(v.name());
                    if (value == null || value.isEmpty()) {
                        value = v.fallback() == null ? "" : v.fallback();
                    }
                    out.append(encode.apply(value));
                }
                case Argument a -> {
                    JsonNode value = arguments.get(a.name());
                    if (value == null || value.isNull()) {
                        throw new MissingArgumentException(a.name());
                    }
                    out.append(encode.apply(value.isValueNode() ? value.asText() : value.toString()));
                }
            }
        }
        return out.toString();
    }

    /** An argument the template needs was not given. */
    static final class MissingArgumentException extends RuntimeException {
        MissingArgumentException(String name) {
            super("missing argument " + name, null, false, false);
        }
    }
}
