package io.callrobot.amd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Phrase lists of carrier announcements, voicemail greetings and AI call-secretaries per language,
 * each phrase standing for an {@link AmdResult}. The built-in lists live in the resource
 * {@code amd/phrases.yaml}; ops add their own file of the same shape with {@link #plus}. Matching
 * is containment after {@link PhraseText} normalisation of both sides; phrases of
 * {@value #FUZZY_MIN_LENGTH} or more normalised characters also match with one character differing.
 * Immutable and thread-safe.
 */
public final class AnnouncementPhrases {

    /** Resource holding the built-in lists. */
    public static final String RESOURCE = "amd/phrases.yaml";
    static final int FUZZY_MIN_LENGTH = 6;
    /** When a transcript matches several classes, the first of these wins. */
    private static final List<AmdResult> PRIORITY = List.of(AmdResult.INVALID_NUMBER, AmdResult.CALL_SECRETARY,
            AmdResult.MACHINE, AmdResult.UNREACHABLE);

    private record Phrase(AmdResult result, String language, String text, String normalised) {
    }

    private final Map<String, String> substitutions;
    private final List<Phrase> phrases;
    private final PhraseText normaliser;

    private AnnouncementPhrases(Map<String, String> substitutions, List<Phrase> raw) {
        this.substitutions = Map.copyOf(substitutions);
        this.normaliser = new PhraseText(substitutions);
        List<Phrase> list = new ArrayList<>();
        for (Phrase p : raw) {
            list.add(new Phrase(p.result(), p.language(), p.text(), normaliser.normalise(p.text())));
        }
        list.sort((a, b) -> Integer.compare(PRIORITY.indexOf(a.result()), PRIORITY.indexOf(b.result())));
        this.phrases = List.copyOf(list);
    }

    /** The built-in lists. */
    public static AnnouncementPhrases defaults() {
        try (InputStream in = AnnouncementPhrases.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Reads a phrase file of the same shape as {@link #RESOURCE}. */
    public static AnnouncementPhrases load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /**
     * Parses a phrase file; {@code source} names it in errors.
     *
     * @throws IllegalArgumentException naming the file and the entry that is wrong
     */
    public static AnnouncementPhrases parse(InputStream in, String source) throws IOException {
        ObjectMapper yaml = YAMLMapper.builder().build();
        JsonNode root = yaml.readTree(in);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with 'phrases' (and optional 'substitutions')");
        }
        Map<String, String> subs = new LinkedHashMap<>();
        JsonNode s = root.path("substitutions");
        if (!s.isMissingNode() && !s.isNull()) {
            if (!s.isObject()) {
                throw new IllegalArgumentException(source + ": 'substitutions' must map misheard text to the canonical text");
            }
            s.properties().forEach(e -> subs.put(e.getKey(), requireText(e.getValue(), source, "substitutions." + e.getKey())));
        }
        JsonNode languages = root.path("phrases");
        if (!languages.isObject()) {
            throw new IllegalArgumentException(source + ": 'phrases' must map a language to its classes");
        }
        List<Phrase> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> lang : languages.properties()) {
            if (!lang.getValue().isObject()) {
                throw new IllegalArgumentException(source + ": phrases." + lang.getKey() + " must map a class to a list of phrases");
            }
            for (Map.Entry<String, JsonNode> cls : lang.getValue().properties()) {
                String where = "phrases." + lang.getKey() + "." + cls.getKey();
                AmdResult result;
                try {
                    result = AmdResult.fromWireName(cls.getKey());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": " + where + ": " + e.getMessage(), e);
                }
                if (!PRIORITY.contains(result)) {
                    throw new IllegalArgumentException(source + ": " + where + ": phrases can only stand for "
                            + "invalid_number, unreachable, machine or call_secretary");
                }
                if (!cls.getValue().isArray()) {
                    throw new IllegalArgumentException(source + ": " + where + " must be a list of phrases");
                }
                for (JsonNode p : cls.getValue()) {
                    list.add(new Phrase(result, lang.getKey(), requireText(p, source, where), null));
                }
            }
        }
        AnnouncementPhrases parsed = new AnnouncementPhrases(subs, list);
        for (Phrase p : parsed.phrases) {
            if (p.normalised().isEmpty()) {
                throw new IllegalArgumentException(source + ": phrase '" + p.text() + "' has no letters or digits");
            }
        }
        return parsed;
    }

    /** These lists and {@code extra}'s, with both sets of substitutions. */
    public AnnouncementPhrases plus(AnnouncementPhrases extra) {
        Map<String, String> subs = new LinkedHashMap<>(substitutions);
        subs.putAll(extra.substitutions);
        List<Phrase> all = new ArrayList<>(phrases);
        all.addAll(extra.phrases);
        return new AnnouncementPhrases(subs, all);
    }

    /** Number of phrases over all languages and classes. */
    public int size() {
        return phrases.size();
    }

    /**
     * The phrase {@code heard} contains, in any language; exact matches before one-character-off
     * ones, then by class priority (invalid_number, call_secretary, machine, unreachable).
     */
    public Optional<PhraseMatch> match(String heard) {
        if (heard == null || heard.isBlank()) {
            return Optional.empty();
        }
        String text = normaliser.normalise(heard);
        for (Phrase p : phrases) {
            if (text.contains(p.normalised())) {
                return Optional.of(new PhraseMatch(p.result(), p.language(), p.text(), heard, true));
            }
        }
        for (Phrase p : phrases) {
            if (p.normalised().length() >= FUZZY_MIN_LENGTH && containsWithOneDifference(text, p.normalised())) {
                return Optional.of(new PhraseMatch(p.result(), p.language(), p.text(), heard, false));
            }
        }
        return Optional.empty();
    }

    /** Whether some window of {@code text} equals {@code phrase} but for at most one character. */
    static boolean containsWithOneDifference(String text, String phrase) {
        int n = phrase.length();
        for (int start = 0; start + n <= text.length(); start++) {
            int differences = 0;
            for (int i = 0; i < n && differences <= 1; i++) {
                if (text.charAt(start + i) != phrase.charAt(i)) {
                    differences++;
                }
            }
            if (differences <= 1) {
                return true;
            }
        }
        return false;
    }

    private static String requireText(JsonNode node, String source, String where) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(source + ": " + where + " must be non-empty text, not " + node);
        }
        return node.asText();
    }
}
