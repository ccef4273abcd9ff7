package io.callrobot.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Groups streamed LLM tokens into TTS text chunks, with one of two policies chosen by the TTS
 * provider ({@link io.callrobot.tts.TtsEngine#streamsText()}):
 * <ul>
 * <li><b>request per chunk</b> (each chunk is synthesised alone): the first chunk goes out at the
 * first clause or sentence mark once {@link ChunkerConfig#firstMinUnits} are in ("好的，", "OK,"),
 * so the caller hears the first words while the rest is synthesised; if it is shorter than
 * {@link ChunkerConfig#laterMinUnits}, the second chunk also ends at the first clause, so a short
 * first chunk is followed closely; after that chunks end at sentence marks for prosody, with at
 * least {@link ChunkerConfig#laterMinUnits}. (Counting the lead in chunks rather than units keeps
 * the chunks of a scripted reply after its second one independent of its variables' values, so
 * the prompt cache can warm them.)</li>
 * <li><b>streaming text</b> (the provider takes text as it is written and makes its own
 * sentences): every clause or sentence mark ends a chunk, whatever its length.</li>
 * </ul>
 * Either way a chunk has at most {@link ChunkerConfig#maxUnits}, the text so far goes out when
 * tokens stop for {@link ChunkerConfig#idleFlush}, and a clause of only fillers ("嗯，", "Um,") never
 * goes out alone. Text is never split inside a number ({@code 3.5}, {@code 1,200},
 * {@code 12:30}, {@code 2026-03-05}), a URL or e-mail address, or an SSML tag.
 *
 * <p>Peers, for comparison: easycallcenter365 sends once 10 characters are in and a token ends in
 * a pause mark (no time-out, no number protection); LiveKit's sentence tokenizer merges sentences
 * shorter than 20 characters but waits for a sentence end even for the first chunk; jambonz
 * splits on sentence ends and flushes after 1000 ms without text; Pipecat splits on sentence
 * ends only and ignores the Chinese comma. Here the first chunk may end at a clause mark
 * (lower latency), units weigh hanzi against Latin letters, and ASCII marks need look-ahead
 * (a following space or CJK character) so numbers and URLs stay whole.
 *
 * <p>Time is passed in by the caller (any monotonic nanosecond clock). Not thread-safe: one
 * instance per reply, driven by one thread. After {@link #finish()} the instance starts afresh.
 */
public final class TextChunker {

    private static final String CJK_SENTENCE_MARKS = "。！？…";
    private static final String CJK_CLAUSE_MARKS = "，、；：";
    private static final String ASCII_SENTENCE_MARKS = ".!?";
    private static final String ASCII_CLAUSE_MARKS = ",;:";
    private static final String CLOSERS = "”’」』）】》〉\"')]";
    /** Words whose trailing period does not end a sentence. */
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "vs", "e.g", "i.e", "a.m", "p.m");
    /** Hesitation sounds: a clause of only these says nothing worth a chunk of its own. */
    private static final String FILLER_HANZI = "嗯呃啊哦额唔噢哎诶";
    private static final Set<String> FILLER_WORDS = Set.of("um", "umm", "uh", "uhm", "er", "erm", "hmm", "mm", "ah", "oh");

    private enum Mark { NONE, CLAUSE, SENTENCE }

    private final ChunkerConfig config;
    private final boolean streamingText;
    private final long idleNanos;
    private final StringBuilder buffer = new StringBuilder();
    private int chunksSent;
    private int firstUnits;
    private boolean idleArmed;
    private long lastTokenNanos;

    /** A chunker for a provider that synthesises each chunk alone. */
    public TextChunker(ChunkerConfig config) {
        this(config, false);
    }

    /**
     * @param streamingText the provider takes text as it is written ({@link io.callrobot.tts.TtsEngine#streamsText()}):
     *                      every clause goes out at once
     */
    public TextChunker(ChunkerConfig config, boolean streamingText) {
        this.config = Objects.requireNonNull(config, "config");
        this.streamingText = streamingText;
        this.idleNanos = config.idleFlush().toNanos();
    }

    /** Adds a token received at {@code nowNanos}; returns the chunks now complete (often none). */
    public List<String> offer(String token, long nowNanos) {
        buffer.append(token);
        lastTokenNanos = nowNanos;
        idleArmed = true;
        List<String> out = new ArrayList<>(1);
        drain(out, false);
        return out;
    }

    /**
     * Call when {@link #deadlineNanos()} has passed: if no token came for the idle time-out, the
     * buffered text up to its last safe cut (never inside a word, number, URL or tag) goes out.
     */
    public List<String> poll(long nowNanos) {
        if (!idleArmed || buffer.isEmpty() || nowNanos - lastTokenNanos < idleNanos) {
            return List.of();
        }
        idleArmed = false; // the rest waits for the next token or finish()
        List<String> out = new ArrayList<>(1);
        emit(out, new Scan(buffer, false).lastSafeCut());
        return out;
    }

    /** When {@link #poll} may next flush something, or {@link Long#MAX_VALUE} if nothing is waiting. */
    public long deadlineNanos() {
        return idleArmed && !buffer.isEmpty() ? lastTokenNanos + idleNanos : Long.MAX_VALUE;
    }

    /** The LLM answer is complete: returns the remaining chunks and resets for the next reply. */
    public List<String> finish() {
        List<String> out = new ArrayList<>(2);
        drain(out, true);
        emit(out, buffer.length());
        chunksSent = 0;
        idleArmed = false;
        return out;
    }

    private void drain(List<String> out, boolean atEnd) {
        for (int cut = nextCut(atEnd); cut > 0; cut = nextCut(atEnd)) {
            emit(out, cut);
        }
    }

    private void emit(List<String> out, int cut) {
        if (cut <= 0) {
            return;
        }
        int start = 0;
        while (start < cut && CLOSERS.indexOf(buffer.charAt(start)) >= 0) {
            start++; // closing quotes that arrived after the previous chunk went out
        }
        String text = buffer.substring(start, cut).strip();
        int units = new Scan(buffer, false).units[cut];
        buffer.delete(0, cut);
        if (text.codePoints().anyMatch(Character::isLetterOrDigit)) { // drop stray quotes and marks
            out.add(text);
            firstUnits = chunksSent == 0 ? units : firstUnits;
            chunksSent++;
        }
    }

    /** Where the next chunk ends, or 0 if none is complete yet. */
    private int nextCut(boolean atEnd) {
        Scan scan = new Scan(buffer, atEnd);
        int n = buffer.length();
        // the lead: the first chunk, and the second after a short first, end at the first clause that says something
        boolean building = streamingText || chunksSent == 0 || chunksSent == 1 && firstUnits < config.laterMinUnits();
        int minUnits = streamingText ? 1 : building ? config.firstMinUnits() : config.laterMinUnits();
        for (int cut = 1; cut <= n; cut++) {
            Mark mark = scan.marks[cut];
            boolean wanted = building ? mark != Mark.NONE : mark == Mark.SENTENCE;
            if (wanted && scan.units[cut] >= minUnits && scan.saysSomething(cut)) {
                return cut;
            }
        }
        return scan.units[n] > config.maxUnits() ? scan.splitLongText(config.maxUnits()) : 0;
    }

    /** One pass over the buffer: units before each position and the kind of break after it. */
    private static final class Scan {
        final CharSequence text;
        final boolean atEnd;
        final int[] units;
        final Mark[] marks;
        final boolean[] inTag;

        Scan(CharSequence text, boolean atEnd) {
            this.text = text;
            this.atEnd = atEnd;
            int n = text.length();
            units = new int[n + 1];
            marks = new Mark[n + 1];
            inTag = new boolean[n + 1];
            marks[0] = Mark.NONE;
            boolean tag = false;
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (!tag && c == '<' && startsTag(i)) {
                    tag = true;
                }
                units[i + 1] = units[i] + (tag ? 0 : weight(c));
                if (tag && c == '>') {
                    tag = false;
                }
                inTag[i + 1] = tag;
                marks[i + 1] = Mark.NONE;
            }
            for (int i = 0; i < n; i++) {
                if (!inTag[i + 1]) {
                    markBreak(i);
                }
            }
        }

        private boolean startsTag(int i) {
            if (i + 1 >= text.length()) {
                return true; // cannot tell yet: treat as a tag so nothing splits after it
            }
            char next = text.charAt(i + 1);
            return Character.isLetter(next) || next == '/' || next == '!' || next == '?';
        }

        private static int weight(char c) {
            if (isCjk(c)) {
                return 3;
            }
            return Character.isLetterOrDigit(c) ? 1 : 0;
        }

        /** Records a break after the mark at {@code i}, extended over closing quotes and brackets. */
        private void markBreak(int i) {
            char c = text.charAt(i);
            Mark mark;
            if (c == '\n' || CJK_SENTENCE_MARKS.indexOf(c) >= 0) {
                mark = Mark.SENTENCE; // full-width marks never occur inside numbers or URLs
            } else if (CJK_CLAUSE_MARKS.indexOf(c) >= 0) {
                mark = Mark.CLAUSE;
            } else if (ASCII_SENTENCE_MARKS.indexOf(c) >= 0 || ASCII_CLAUSE_MARKS.indexOf(c) >= 0) {
                if (!asciiMarkBreaks(i)) {
                    return;
                }
                mark = ASCII_SENTENCE_MARKS.indexOf(c) >= 0 ? Mark.SENTENCE : Mark.CLAUSE;
            } else {
                return;
            }
            int cut = i + 1;
            while (cut < text.length() && CLOSERS.indexOf(text.charAt(cut)) >= 0) {
                cut++;
            }
            if (marks[cut] != Mark.SENTENCE) {
                marks[cut] = mark;
            }
        }

        /**
         * An ASCII mark breaks only before a space, a CJK character or the end of the reply:
         * "3.5", "1,200", "12:30", "example.com", "a@b.cn" and "e.g." stay whole. At the end of
         * the buffer the next token decides.
         */
        private boolean asciiMarkBreaks(int i) {
            int next = i + 1;
            while (next < text.length() && CLOSERS.indexOf(text.charAt(next)) >= 0) {
                next++;
            }
            if (next >= text.length()) {
                return atEnd;
            }
            char after = text.charAt(next);
            boolean boundary = Character.isWhitespace(after) || isCjk(after)
                    || CJK_SENTENCE_MARKS.indexOf(after) >= 0 || CJK_CLAUSE_MARKS.indexOf(after) >= 0;
            return boundary && !(text.charAt(i) == '.' && next == i + 1 && isAbbreviation(i));
        }

        private boolean isAbbreviation(int dot) {
            int start = dot;
            while (start > 0 && (Character.isLetter(text.charAt(start - 1)) || text.charAt(start - 1) == '.')) {
                start--;
            }
            return ABBREVIATIONS.contains(text.subSequence(start, dot).toString().toLowerCase(Locale.ROOT));
        }

        /** Whether the text before {@code cut} has a word that is not a filler ("嗯，" and "Um," have none). */
        boolean saysSomething(int cut) {
            int i = 0;
            while (i < cut) {
                char c = text.charAt(i);
                if (units[i + 1] == units[i]) {
                    i++; // spaces, marks and tags
                } else if (isCjk(c)) {
                    if (FILLER_HANZI.indexOf(c) < 0) {
                        return true;
                    }
                    i++;
                } else {
                    int end = i;
                    while (end < cut && units[end + 1] > units[end] && !isCjk(text.charAt(end))) {
                        end++;
                    }
                    if (!FILLER_WORDS.contains(text.subSequence(i, end).toString().toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                    i = end;
                }
            }
            return false;
        }

        /** Split of an over-long text: last mark, else last space, else a safe hard cut. */
        int splitLongText(int maxUnits) {
            int limit = 0;
            while (limit < text.length() && units[limit + 1] <= maxUnits) {
                limit++;
            }
            for (int cut = limit; cut > 0; cut--) {
                if (marks[cut] != Mark.NONE) {
                    return cut;
                }
            }
            for (int cut = limit; cut > 0; cut--) {
                if (Character.isWhitespace(text.charAt(cut)) && !inTag[cut]) {
                    return cut;
                }
            }
            for (int cut = limit; cut > 0; cut--) {
                if (safeCut(cut)) {
                    return cut;
                }
            }
            for (int cut = limit + 1; cut < text.length(); cut++) {
                if (safeCut(cut)) {
                    return cut;
                }
            }
            return atEnd ? text.length() : 0; // one giant word, URL or tag: wait for its end
        }

        /** The latest cut that splits no word, number, URL or tag (the buffer end counts if complete). */
        int lastSafeCut() {
            int n = text.length();
            if (endComplete()) {
                return n;
            }
            for (int cut = n - 1; cut > 0; cut--) {
                if (safeCut(cut)) {
                    return cut;
                }
            }
            return 0;
        }

        private boolean endComplete() {
            int n = text.length();
            if (inTag[n]) {
                return false;
            }
            char last = text.charAt(n - 1);
            if (!inWord(last)) {
                return true;
            }
            // "Hello," is complete; "Hel", "3" and "3," may continue ("Hello", "3.5", "3,500")
            return !Character.isLetterOrDigit(last) && n >= 2 && !Character.isDigit(text.charAt(n - 2));
        }

        /** A cut between two characters of the same word, number or URL, or inside a tag, is unsafe. */
        private boolean safeCut(int cut) {
            if (inTag[cut] || Character.isLowSurrogate(text.charAt(cut))) {
                return false;
            }
            return !(inWord(text.charAt(cut - 1)) && inWord(text.charAt(cut)));
        }

        /** Part of a space-free run of Latin letters, digits and ASCII symbols (words, numbers, URLs). */
        private static boolean inWord(char c) {
            return !Character.isWhitespace(c) && !isCjk(c) && c != '<' && c != '>'
                    && CJK_SENTENCE_MARKS.indexOf(c) < 0 && CJK_CLAUSE_MARKS.indexOf(c) < 0;
        }

        private static boolean isCjk(char c) {
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
        }
    }
}
