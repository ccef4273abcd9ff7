package io.callrobot.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FreeSWITCH's string splitting, followed step by step so that the simulator takes an originate
 * apart exactly as a switch would: switch_utils.c (switch_separate_string with its two
 * tokenizers, cleanup_separated_string, unescape_char, switch_find_end_paren) and switch_event.c
 * (switch_event_create_brackets). Strings are worked on as NUL-terminated char arrays, like the C.
 */
final class SwitchStrings {

    private static final char NUL = '\0';
    private static final char ESCAPE_META = '\\';

    private SwitchStrings() {
    }

    /** A bracket block's variables and the text after its closing bracket. */
    record Brackets(Map<String, String> variables, String rest) {
    }

    /** switch_separate_string: at most {@code max} parts, each cleaned up; {@code ^^X} at the start makes X the delimiter. */
    static List<String> separate(String text, char delim, int max) {
        char[] buf = (text + NUL).toCharArray();
        int start = 0;
        if (buf[0] == '^' && buf[1] == '^' && buf[2] != NUL && buf[3] != NUL) {
            delim = buf[2];
            start = 3;
        }
        List<Integer> starts = delim == ' ' ? blankDelim(buf, start, max) : charDelim(buf, start, delim, max);
        List<String> parts = new ArrayList<>(starts.size());
        for (int s : starts) {
            parts.add(cleanup(token(buf, s), delim == ' ' ? NUL : delim));
        }
        return parts;
    }

    /** separate_string_char_delim: a quote counts only if another follows somewhere; a backslash protects the next char. */
    private static List<Integer> charDelim(char[] buf, int ptr, char delim, int max) {
        List<Integer> starts = new ArrayList<>();
        boolean findDelim = false;
        boolean insideQuotes = false;
        while (buf[ptr] != NUL && starts.size() < max) {
            if (!findDelim) {
                starts.add(ptr);
                findDelim = true;
                continue;
            }
            if (buf[ptr] == ESCAPE_META) {
                if (buf[ptr + 1] == NUL) {
                    break; // the C steps past the terminator here; nothing follows anyway
                }
                ++ptr;
            } else if (buf[ptr] == '\'' && (insideQuotes || strchr(buf, ptr + 1, '\'') >= 0)) {
                insideQuotes = !insideQuotes;
            } else if (buf[ptr] == delim && !insideQuotes) {
                buf[ptr] = NUL;
                findDelim = false;
            }
            ++ptr;
        }
        return starts;
    }

    /** separate_string_blank_delim: every unescaped quote toggles; runs of spaces separate. */
    private static List<Integer> blankDelim(char[] buf, int ptr, int max) {
        enum State { START, SKIP_INITIAL_SPACE, FIND_DELIM, SKIP_ENDING_SPACE }
        List<Integer> starts = new ArrayList<>();
        State state = State.START;
        boolean insideQuotes = false;
        while (buf[ptr] != NUL && starts.size() < max) {
            switch (state) {
                case START -> {
                    starts.add(ptr);
                    state = State.SKIP_INITIAL_SPACE;
                }
                case SKIP_INITIAL_SPACE -> {
                    if (buf[ptr] == ' ') {
                        ++ptr;
                    } else {
                        state = State.FIND_DELIM;
                    }
                }
                case FIND_DELIM -> {
                    if (buf[ptr] == ESCAPE_META) {
                        if (buf[ptr + 1] == NUL) {
                            return starts;
                        }
                        ++ptr;
                    } else if (buf[ptr] == '\'') {
                        insideQuotes = !insideQuotes;
                    } else if (buf[ptr] == ' ' && !insideQuotes) {
                        buf[ptr] = NUL;
                        state = State.SKIP_ENDING_SPACE;
                    }
                    ++ptr;
                }
                case SKIP_ENDING_SPACE -> {
                    if (buf[ptr] == ' ') {
                        ++ptr;
                    } else {
                        state = State.START;
                    }
                }
            }
        }
        return starts;
    }

    /**
     * cleanup_separated_string: skips leading spaces, turns {@code \'}, {@code \"}, {@code \\},
     * backslash-delimiter and {@code \n \r \t \s} into the character, drops unescaped single quotes
     * that have a partner, and cuts trailing spaces outside quotes.
     */
    static String cleanup(String token, char delim) {
        char[] in = (token + NUL).toCharArray();
        StringBuilder dest = new StringBuilder(token.length());
        int end = -1;
        boolean insideQuotes = false;
        int ptr = 0;
        while (in[ptr] == ' ') {
            ptr++;
        }
        for (; in[ptr] != NUL; ptr++) {
            boolean escaped = false;
            if (in[ptr] == ESCAPE_META) {
                char e = in[ptr + 1];
                if (e == '\'' || e == '"' || (delim != NUL && e == delim) || e == ESCAPE_META
                        || (e = unescape(in[ptr + 1])) != in[ptr + 1]) {
                    ++ptr;
                    dest.append(e);
                    end = dest.length();
                    escaped = true;
                }
            }
            if (!escaped) {
                if (in[ptr] == '\'' && (insideQuotes || strchr(in, ptr + 1, '\'') >= 0)) {
                    insideQuotes = !insideQuotes;
                    if (insideQuotes) {
                        end = dest.length();
                    }
                } else {
                    dest.append(in[ptr]);
                    if (in[ptr] != ' ' || insideQuotes) {
                        end = dest.length();
                    }
                }
            }
        }
        if (end >= 0) {
            dest.setLength(end);
        }
        return dest.toString();
    }

    /** unescape_char: n, r, t and s stand for newline, carriage return, tab and space. */
    private static char unescape(char escaped) {
        return switch (escaped) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 's' -> ' ';
            default -> escaped;
        };
    }

    /** switch_find_end_paren: after leading spaces an opening bracket, then its partner by depth, escapes ignored; -1 if none. */
    static int findEndParen(String s, int from, char open, char close) {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        if (i >= s.length() || s.charAt(i) != open) {
            return -1;
        }
        int depth = 1;
        for (int e = i + 1; e < s.length(); e++) {
            char c = s.charAt(e);
            if (c == open && open != close) {
                depth++;
            } else if (c == close && --depth == 0) {
                return e;
            }
        }
        return -1;
    }

    /**
     * switch_event_create_brackets for text starting with {@code open}: the block up to its partner,
     * split at {@code delim} (or at X after a leading {@code ^^X}), each part split once at
     * {@code =}; a part that does not give exactly a name and a value is skipped; a later name
     * replaces an earlier one (EF_UNIQ_HEADERS, names compared ignoring case). Null if the block is not closed.
     * The C's search for a further block right after the closing bracket starts at that bracket
     * itself and so never finds one: further blocks are the caller's next round.
     */
    static Brackets brackets(String data, char open, char close, char delim) {
        int end = findEndParen(data, 0, open, close);
        if (end < 0) {
            return null;
        }
        String block = data.substring(data.indexOf(open) + 1, end);
        if (block.length() >= 3 && block.charAt(0) == '^' && block.charAt(1) == '^') {
            delim = block.charAt(2);
            block = block.substring(3);
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (String part : separate(block, delim, 1024)) {
            List<String> nameValue = separate(part, '=', 2);
            if (nameValue.size() == 2) {
                variables.keySet().removeIf(name -> name.equalsIgnoreCase(nameValue.get(0)));
                variables.put(nameValue.get(0), nameValue.get(1));
            }
        }
        return new Brackets(variables, data.substring(end + 1));
    }

    private static String token(char[] buf, int start) {
        int end = start;
        while (buf[end] != NUL) {
            end++;
        }
        return new String(buf, start, end - start);
    }

    private static int strchr(char[] buf, int from, char c) {
        for (int i = from; buf[i] != NUL; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
