package io.callrobot.dialog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prompt templates: {@code ${name}} is replaced by the call variable, {@code ${name:-default}}
 * falls back to the default when the variable is missing or empty, a missing variable without
 * default renders as nothing.
 */
final class Templates {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)(?::-([^}]*))?}");

    private Templates() {
    }

    static String render(String template, Map<String, String> variables) {
        if (template == null || template.indexOf("${") < 0) {
            return template == null ? "" : template;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 16);
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2) == null ? "" : m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Placeholders that are not of the form {@code ${name}} or {@code ${name:-default}}. */
    static List<String> malformed(String template) {
        List<String> bad = new ArrayList<>();
        String rest = PLACEHOLDER.matcher(template).replaceAll("");
        for (int i = rest.indexOf("${"); i >= 0; i = rest.indexOf("${", i + 2)) {
            int close = rest.indexOf('}', i);
            bad.add(close < 0 ? rest.substring(i) : rest.substring(i, close + 1));
        }
        return bad;
    }

    /** Names used without a default. */
    static Set<String> required(String template) {
        return names(template, false);
    }

    /** Each name used, with its default ({@code ${name:-default}}) or null; the first default written wins. */
    static Map<String, String> defaults(String template) {
        Map<String, String> defaults = new LinkedHashMap<>();
        if (template != null) {
            Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                if (defaults.get(m.group(1)) == null) {
                    defaults.put(m.group(1), m.group(2));
                }
            }
        }
        return defaults;
    }

    /** Names used, with a default or ({@code withDefaults} false) only those without. */
    static Set<String> names(String template, boolean withDefaults) {
        Set<String> names = new LinkedHashSet<>();
        if (template != null) {
            Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                if (withDefaults || m.group(2) == null) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
