package io.callrobot.call;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Tells listening noises (嗯, 对对, ok) from words that ask for the turn. A transcript is a
 * backchannel when, without punctuation, spaces and case, it is nothing but listed words
 * ("好的好的", "嗯，对").
 */
final class Backchannels {

    private final List<String> words;

    Backchannels(List<String> words) {
        // longest first, so "okay" is taken whole rather than as "ok" + "ay"
        this.words = words.stream().map(Backchannels::compact).filter(w -> !w.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** True when {@code text} holds no word outside the list (a blank text holds none). */
    boolean only(String text) {
        String rest = compact(text);
        int at = 0;
        next:
        while (at < rest.length()) {
            for (String word : words) {
                if (rest.startsWith(word, at)) {
                    at += word.length();
                    continue next;
                }
            }
            return false;
        }
        return true;
    }

    private static String compact(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }
}
