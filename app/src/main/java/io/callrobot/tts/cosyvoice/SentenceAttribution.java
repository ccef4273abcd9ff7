package io.callrobot.tts.cosyvoice;

import io.callrobot.tts.TextChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Tells which chunk the audio of a streaming-input synthesiser belongs to. Such a provider (CosyVoice
 * duplex) joins all text it was sent, re-splits it into sentences and names each sentence as it starts
 * speaking it, never the request that carried it. Here the sentence is located in the joined chunk
 * texts: its audio belongs to the chunk holding its first character, and a chunk is done once a
 * sentence reaching its end has ended or a sentence starts after it. A chunk lying wholly inside a
 * sentence begun in an earlier chunk therefore gets no audio of its own. A sentence whose text cannot
 * be found (the provider rewrote it) is placed at the current position with its own length.
 */
final class SentenceAttribution {

    private record Placed(TextChunk chunk, int start, int end) {
    }

    private final StringBuilder text = new StringBuilder();
    /** Chunks not yet done, in order; audio goes to the head. */
    private final Deque<Placed> open = new ArrayDeque<>();
    /** Where the next sentence is looked for. */
    private int cursor;
    /** End of the sentence being spoken, or -1 if it was not found in the text. */
    private int sentenceEnd = -1;

    void add(TextChunk chunk) {
        int start = text.length();
        text.append(chunk.text());
        open.add(new Placed(chunk, start, text.length()));
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    /** The chunk audio is attributed to now, or null if every chunk is done. */
    TextChunk current() {
        Placed head = open.peek();
        return head == null ? null : head.chunk();
    }

    /** A sentence starts: returns the chunks now done, those wholly before it. */
    List<TextChunk> sentenceBegins(String sentence) {
        String wanted = sentence == null ? "" : sentence.strip();
        int found = wanted.isEmpty() ? -1 : text.indexOf(wanted, cursor);
        int start;
        if (found >= 0 && onlySeparators(cursor, found)) {
            start = found;
            sentenceEnd = found + wanted.length();
        } else {
            start = skipBlanks(cursor);
            sentenceEnd = -1;
        }
        cursor = Math.min(text.length(), start + wanted.length());
        List<TextChunk> done = new ArrayList<>();
        while (open.size() > 1 && open.peek().end() <= start) {
            done.add(open.poll().chunk());
        }
        return done;
    }

    /** The sentence ended: returns the chunks it finished (those ending, up to blanks, where it did). */
    List<TextChunk> sentenceEnds() {
        List<TextChunk> done = new ArrayList<>();
        if (sentenceEnd < 0) {
            return done;
        }
        while (!open.isEmpty() && skipBlanks(sentenceEnd) >= open.peek().end()) {
            done.add(open.poll().chunk());
        }
        return done;
    }

    /** The synthesis finished: every chunk not yet done, in order. */
    List<TextChunk> finishAll() {
        List<TextChunk> done = new ArrayList<>();
        while (!open.isEmpty()) {
            done.add(open.poll().chunk());
        }
        return done;
    }

    private int skipBlanks(int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** True if text[from, to) holds no letter or digit: the provider may drop blanks and stray marks. */
    private boolean onlySeparators(int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
