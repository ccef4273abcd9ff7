package io.callrobot.esl.inbound.originate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A campaign's dial string with placeholders, e.g. {@code sofia/gateway/${gateway}/${phone}} or
 * {@code loopback/${phone}/default}: {@code ${phone}} is the contact's number, any other
 * {@code ${name}} a campaign or contact variable.
 *
 * <p>The expanded string is passed to FreeSWITCH unquoted after the {@code {}} variable block, so
 * it may hold only characters that nothing on the way treats specially: mod_commands.c,
 * originate_function splits its arguments at spaces and quotes; switch_ivr_originate.c splits the
 * dial string at {@code |} (failover) and {@code ,} (simultaneous legs), takes {@code [...]} as
 * per-leg variables and any {@code :_:} in the whole argument as the enterprise separator. So
 * letters, digits and {@code _ . / @ : + * # = ; % ~ -} only, never {@code :_:}; an expanded value
 * may not add {@code /} or {@code ;}, so a contact cannot change the route or its parameters.
 */
public final class DialStringTemplate {

    /** The placeholder for the contact's number. */
    public static final String PHONE = "phone";

    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_./@:+*#=;%~-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9_]+/.+");
    private static final Pattern PHONE_VALUE = Pattern.compile("\\+?[0-9*#]{1,32}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.@:+*#=%~-]{1,128}");

    private final String text;
    /** Literal and placeholder parts in order; placeholders are kept as their variable name. */
    private final List<Part> parts;
    private final Set<String> variables;

    private record Part(String text, boolean placeholder) {
    }

    private DialStringTemplate(String text, List<Part> parts, Set<String> variables) {
        this.text = text;
        this.parts = parts;
        this.variables = variables;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException naming what is wrong: an unclosed or empty {@code ${}}, a
     *                                  character FreeSWITCH would take apart, no {@code endpoint/} prefix
     */
    public static DialStringTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("dialString: must not be empty (e.g. sofia/gateway/carrier/${phone})");
        }
        List<Part> parts = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        int pos = 0;
        while (pos < template.length()) {
            int open = template.indexOf("${", pos);
            String literal = template.substring(pos, open < 0 ? template.length() : open);
            if (!literal.isEmpty()) {
                checkLiteral(template, literal);
                parts.add(new Part(literal, false));
            }
            if (open < 0) {
                break;
            }
            int close = template.indexOf('}', open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("dialString '" + template + "': ${ at " + open + " is not closed");
            }
            String name = template.substring(open + 2, close);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("dialString '" + template + "': '${" + name
                        + "}' is not a variable (letters, digits and _ only)");
            }
            parts.add(new Part(name, true));
            names.add(name);
            pos = close + 1;
        }
        if (parts.isEmpty() || parts.get(0).placeholder() || !ENDPOINT.matcher(template).matches()) {
            throw new IllegalArgumentException("dialString '" + template + "': must start with an endpoint such as "
                    + "sofia/, loopback/ or user/");
        }
        return new DialStringTemplate(template, List.copyOf(parts), Collections.unmodifiableSet(names));
    }

    /**
     * Parses a template whose variables must all be known, e.g. {@code phone} plus a campaign's variables.
     *
     * @throws IllegalArgumentException as {@link #parse(String)}, or naming a variable not in {@code known}
     */
    public static DialStringTemplate parse(String template, Set<String> known) {
        DialStringTemplate parsed = parse(template);
        for (String name : parsed.variables) {
            if (!name.equals(PHONE) && !known.contains(name)) {
                throw new IllegalArgumentException("dialString '" + template + "': unknown variable ${" + name
                        + "} (known: " + String.join(", ", union(known)) + ")");
            }
        }
        return parsed;
    }

    /** The template as given. */
    public String text() {
        return text;
    }

    /** The variables it refers to, {@code phone} included if used. */
    public Set<String> variables() {
        return variables;
    }

    /**
     * Fills in the placeholders.
     *
     * @throws IllegalArgumentException naming a variable that is missing or whose value could not
     *                                  pass through the dial string unharmed
     */
    public String expand(String phone, Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (Part part : parts) {
            if (!part.placeholder()) {
                out.append(part.text());
                continue;
            }
            String name = part.text();
            if (name.equals(PHONE)) {
                if (phone == null || !PHONE_VALUE.matcher(phone).matches()) {
                    throw new IllegalArgumentException("phone: '" + phone + "' cannot be dialled (digits, * and #, "
                            + "optionally a leading +)");
                }
                out.append(phone);
                continue;
            }
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("dialString '" + text + "': no value for ${" + name + "}");
            }
            if (!VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("variables." + name + ": '" + value + "' cannot go into the dial "
                        + "string (letters, digits and _ . @ : + * # = % ~ - only, at most 128)");
            }
            out.append(value);
        }
        String expanded = out.toString();
        if (expanded.contains(":_:")) {
            throw new IllegalArgumentException("dialString '" + text + "' expands to '" + expanded
                    + "', which holds FreeSWITCH's enterprise separator :_:");
        }
        return expanded;
    }

    @Override
    public String toString() {
        return text;
    }

    private static void checkLiteral(String template, String literal) {
        if (!LITERAL.matcher(literal).matches()) {
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                if (!LITERAL.matcher(String.valueOf(c)).matches()) {
                    throw new IllegalArgumentException("dialString '" + template + "': '" + printable(c)
                            + "' is not allowed (letters, digits and _ . / @ : + * # = ; % ~ - only; "
                            + "FreeSWITCH splits at spaces, quotes, | and , and & starts an application)");
                }
            }
        }
        if (literal.contains(":_:")) {
            throw new IllegalArgumentException("dialString '" + template + "': ':_:' is FreeSWITCH's enterprise "
                    + "separator (switch_types.h, SWITCH_ENT_ORIGINATE_DELIM)");
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static List<String> union(Set<String> known) {
        List<String> all = new ArrayList<>();
        all.add(PHONE);
        known.stream().sorted().forEach(all::add);
        return all;
    }
}
