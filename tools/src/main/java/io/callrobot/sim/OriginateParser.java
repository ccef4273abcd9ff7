package io.callrobot.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes an {@code originate} argument apart as FreeSWITCH does: mod_commands.c, originate_function
 * splits it at spaces ({@code <call url> <exten> [<dialplan>] [<context>] [<cid_name>] [<cid_num>]
 * [<timeout_sec>]}); switch_ivr_originate.c peels {@code <...>} and {@code {...}} variable blocks off
 * the call url; an exten {@code &app(args)} names the application the answered leg runs.
 */
final class OriginateParser {

    // mod_commands.c, ORIGINATE_SYNTAX
    static final String SYNTAX = "<call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] "
            + "[<cid_name>] [<cid_num>] [<timeout_sec>]";
    /** switch_types.h, SWITCH_DEFAULT_TIMEOUT: originate's ring limit when none is given. */
    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    private OriginateParser() {
    }

    /**
     * An originate as the switch understood it.
     *
     * @param variables      the variable blocks' contents, names as written
     * @param dialString     the call url after its blocks
     * @param application    the exten's application ({@code socket}), or null for a dialplan extension
     * @param applicationArg the application's argument, e.g. {@code 127.0.0.1:8040 async full}
     * @param extension      the exten as given, after splitting
     * @param timeoutSeconds how long the switch rings: {@code originate_timeout} if positive, else the
     *                       timeout argument, else 60
     */
    record Parsed(Map<String, String> variables, String dialString, String application, String applicationArg,
                  String extension, int timeoutSeconds) {
    }

    /** An originate the switch would refuse; {@code output} is what the job reports. */
    static final class Refused extends Exception {
        private final String output;

        Refused(String output, String why) {
            super(why);
            this.output = output;
        }

        String output() {
            return output;
        }
    }

    static Parsed parse(String argument) throws Refused {
        // switch_loadable_module.c, switch_api_execute strips the argument's surrounding whitespace
        List<String> argv = SwitchStrings.separate(argument.strip(), ' ', 10);
        if (argv.size() < 2 || argv.size() > 7) {
            throw new Refused("-USAGE: " + SYNTAX + "\n", "originate takes 2 to 7 arguments, got " + argv.size());
        }
        String aleg = argv.get(0);
        String exten = argv.get(1);
        int timeout = argv.size() > 6 && !argv.get(6).equalsIgnoreCase("undef") ? atoi(argv.get(6)) : DEFAULT_TIMEOUT_SECONDS;
        // originate_function's cause starts as NORMAL_CLEARING and a parse error leaves it so
        String parseError = "-ERR NORMAL_CLEARING\n";
        if (aleg.contains(":_:")) {
            throw new Refused(parseError, "enterprise originate (:_:) is not simulated: " + aleg);
        }
        Map<String, String> variables = new LinkedHashMap<>();
        String data = aleg.stripLeading();
        for (char open : new char[] {'<', '{'}) {
            char close = open == '<' ? '>' : '}';
            while (data.startsWith(String.valueOf(open))) {
                SwitchStrings.Brackets block = SwitchStrings.brackets(data, open, close, ',');
                if (block == null) {
                    throw new Refused(parseError, "Parse Error! unclosed " + open + " in " + aleg);
                }
                block.variables().forEach((name, value) -> {
                    variables.keySet().removeIf(known -> known.equalsIgnoreCase(name));
                    variables.put(name, value);
                });
                data = block.rest();
            }
        }
        data = data.stripLeading();
        if (data.isEmpty()) {
            throw new Refused(parseError, "No origination URL specified!");
        }
        if (data.startsWith("[") || data.contains(",") || data.contains("|")) {
            throw new Refused(parseError, "several legs or per-leg [] variables are not simulated: " + data);
        }
        String originateTimeout = variables.get("originate_timeout");
        if (originateTimeout != null && atoi(originateTimeout) > 0) {
            timeout = atoi(originateTimeout);
        }
        if (timeout <= 0) {
            timeout = DEFAULT_TIMEOUT_SECONDS;
        }
        String application = null;
        String applicationArg = null;
        if (exten.length() > 1 && exten.charAt(0) == '&') {
            // originate_function: the name runs up to '(' and the argument up to the first ')'
            String app = exten.substring(1);
            int close = app.indexOf(')');
            if (close >= 0) {
                app = app.substring(0, close);
            }
            int open = app.indexOf('(');
            if (open >= 0) {
                applicationArg = app.substring(open + 1);
                app = app.substring(0, open);
            }
            application = app;
        }
        return new Parsed(variables, data, application, applicationArg, exten, timeout);
    }

    /** C's atoi: optional sign and leading digits, 0 if none. */
    static int atoi(String text) {
        String s = text.strip();
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && value < Integer.MAX_VALUE) {
            value = value * 10 + (s.charAt(i++) - '0');
        }
        return (int) Math.min(Integer.MAX_VALUE, negative ? -value : value);
    }
}
