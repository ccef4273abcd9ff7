package io.callrobot.amd;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Brings a transcript and a phrase to one comparable form, so ASR punctuation, spacing, width and a
 * few known misrecognitions do not hide a match: NFKC (full-width to half-width), lower case, only
 * letters and digits kept, then substitutions applied longest first.
 */
final class PhraseText {

    private final List<Map.Entry<String, String>> substitutions;

    PhraseText(Map<String, String> substitutions) {
        this.substitutions = substitutions.entrySet().stream()
                .map(e -> Map.entry(strip(e.getKey()), strip(e.getValue())))
                .filter(e -> !e.getKey().isEmpty())
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .toList();
    }

    String normalise(String text) {
        String s = strip(text);
        for (Map.Entry<String, String> e : substitutions) {
            s = s.replace(e.getKey(), e.getValue());
        }
        return s;
    }

    private static String strip(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }
}
