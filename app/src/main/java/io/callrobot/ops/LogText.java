package io.callrobot.ops;

/**
 * Makes a value from outside (channel data, transcripts, provider errors) safe to put in a log
 * line: control characters become visible escapes, so a value cannot end the line or forge
 * another, nor colour or rewrite the terminal; and a long value is cut.
 */
final class LogText {

    /** The suffix of a cut value: {@code …(+N chars)}. */
    private static final String CUT = "…(+%d chars)";

    private LogText() {
    }

    /**
     * @param max the characters of {@code text} kept at most (before escaping)
     * @return {@code text} with every control or line-breaking character escaped ({@code \n},
     *         {@code \r}, {@code \t}, else {@code \}{@code uXXXX}), cut after {@code max} characters
     */
    static String safe(String text, int max) {
        if (text == null) {
            return null;
        }
        int keep = Math.min(text.length(), max);
        if (keep < text.length() && keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        if (keep == text.length() && clean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(keep + 16);
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (keep < text.length()) {
            out.append(String.format(CUT, text.length() - keep));
        }
        return out.toString();
    }

    private static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * C0 controls (ESC starts terminal sequences), DEL, C1 controls (NEL, CSI), the Unicode line and
     * paragraph separators, and the bidirectional controls that reorder how a line reads.
     */
    static boolean unsafe(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
