package io.callrobot.dialog;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Finds the first intent of a node that matches the caller's words or digits. Built once per
 * flow (patterns compiled at start-up) and shared by all its calls.
 *
 * <p>Speech is normalised before keyword matching: NFKC (full-width to half-width), latin
 * lower-cased, punctuation and whitespace removed, so ASR output such as {@code "我 是。"}
 * matches the keyword {@code 我是}. Keywords with latin letters or digits match whole words
 * only ({@code no} does not match {@code know}); other keywords match as substrings. A regex is
 * searched in the raw utterance, case-insensitively.
 */
final class IntentMatcher {

    private static final Pattern NOT_WORD = Pattern.compile("[\\p{P}\\p{S}\\s]+");
    private static final Pattern APOSTROPHES = Pattern.compile("['’]");
    private static final Pattern LATIN = Pattern.compile("[a-z0-9]");

    private final Map<Flow.Intent, Predicate<Utterance>> speech = new IdentityHashMap<>();

    IntentMatcher(Flow flow) {
        for (Flow.Node node : flow.nodes().values()) {
            for (Flow.Intent intent : node.intents()) {
                speech.put(intent, compile(intent));
            }
        }
    }

    /** The first intent of {@code node} matching {@code text}, or null. */
    Flow.Intent matchSpeech(Flow.Node node, String text) {
        Utterance u = new Utterance(text);
        for (Flow.Intent intent : node.intents()) {
            if (speech.get(intent).test(u)) {
                return intent;
            }
        }
        return null;
    }

    /** The intent of {@code node} whose DTMF digits are exactly {@code digits}, or null. */
    static Flow.Intent matchDtmf(Flow.Node node, String digits) {
        for (Flow.Intent intent : node.intents()) {
            if (intent.dtmf() != null && intent.dtmf().equals(digits)) {
                return intent;
            }
        }
        return null;
    }

    /** Lower-cased latin, no punctuation or whitespace. */
    static String compact(String text) {
        return NOT_WORD.matcher(lower(text)).replaceAll("");
    }

    /** Lower-cased latin, punctuation and whitespace runs as one space. */
    private static String spaced(String text) {
        return NOT_WORD.matcher(APOSTROPHES.matcher(lower(text)).replaceAll("")).replaceAll(" ").strip();
    }

    private static String lower(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static Predicate<Utterance> compile(Flow.Intent intent) {
        List<Predicate<Utterance>> tests = new ArrayList<>();
        for (String keyword : intent.keywords()) {
            String spaced = spaced(keyword);
            if (LATIN.matcher(spaced).find()) {
                Pattern word = Pattern.compile("(?<![a-z0-9])" + Pattern.quote(spaced) + "(?![a-z0-9])");
                tests.add(u -> word.matcher(u.spaced).find());
            } else {
                String compact = compact(keyword);
                tests.add(u -> u.compact.contains(compact));
            }
        }
        if (intent.regex() != null) {
            Pattern regex = Pattern.compile(intent.regex(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            tests.add(u -> regex.matcher(u.raw).find());
        }
        return u -> {
            for (Predicate<Utterance> t : tests) {
                if (t.test(u)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** One utterance in the forms the keyword tests need. */
    private static final class Utterance {
        final String raw;
        final String compact;
        final String spaced;

        Utterance(String raw) {
            this.raw = raw;
            this.compact = IntentMatcher.compact(raw);
            this.spaced = IntentMatcher.spaced(raw);
        }
    }
}
