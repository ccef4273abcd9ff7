package io.callrobot.media;

/**
 * Estimates which part of a text segment was spoken when only a fraction of its audio was sent:
 * speech time is taken as proportional to characters. Chinese (and other CJK) text is cut
 * between characters; in scripts written with spaces the cut only falls on a space, moving back
 * to the start of the word being spoken (so "1,200" or "don't" are never split).
 */
final class SpokenText {

    private SpokenText() {
    }

    /** The spoken prefix of {@code text} after {@code fraction} (0..1) of its audio. */
    static String prefix(String text, double fraction) {
        int codePoints = text.codePointCount(0, text.length());
        if (fraction >= 1.0) {
            return text;
        }
        int keep = (int) Math.floor(Math.max(0.0, fraction) * codePoints);
        int end = text.offsetByCodePoints(0, keep);
        while (end > 0 && end < text.length()) {
            int before = text.codePointBefore(end);
            int after = text.codePointAt(end);
            if (!isSpacedWordChar(before) || !isSpacedWordChar(after)) {
                break;
            }
            end -= Character.charCount(before);
        }
        return text.substring(0, end).stripTrailing();
    }

    /** Appends {@code segment} to {@code heard}, with a space where two spaced-script words would touch. */
    static void append(StringBuilder heard, String segment) {
        if (segment.isEmpty()) {
            return;
        }
        if (!heard.isEmpty()) {
            int last = heard.codePointBefore(heard.length());
            int first = segment.codePointAt(0);
            if (!Character.isWhitespace(last) && !Character.isWhitespace(first)
                    && !isCjk(last) && !isCjk(first) && Character.isLetterOrDigit(first)) {
                heard.append(' ');
            }
        }
        heard.append(segment);
    }

    private static boolean isSpacedWordChar(int codePoint) {
        return !Character.isWhitespace(codePoint) && !isCjk(codePoint);
    }

    private static boolean isCjk(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || Character.UnicodeBlock.of(codePoint) == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || Character.UnicodeBlock.of(codePoint) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }
}
