package io.callrobot.tts.nls;

import io.callrobot.tts.TextChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps audio of a streaming-text synthesiser back to the chunks whose text produced it, when the
 * service reports only sentence boundaries and not which input a sentence came from.
 *
 * <p>Audio belongs to the oldest unfinished chunk (the head). Each chunk is expected to produce as
 * many sentences as it holds sentence-ending marks (at least one, none for a chunk with nothing to
 * speak); each reported sentence end is credited to the head, and the head is finished once it has
 * its sentences <em>and</em> a later chunk exists to take the following audio. The last chunk is
 * finished only by {@link #finishAll()}, so no audio is ever left without a chunk. When the service
 * splits or merges sentences differently from the marks counted here, audio is attributed to a
 * neighbouring chunk: the order and completeness of the audio are unaffected.
 */
final class NlsSentenceAttribution {

    private static final class Entry {
        final TextChunk chunk;
        final int expected;
        int ended;

        Entry(TextChunk chunk, int expected) {
            this.chunk = chunk;
            this.expected = expected;
        }
    }

    private final ArrayDeque<Entry> open = new ArrayDeque<>();

    void add(TextChunk chunk) {
        open.add(new Entry(chunk, expectedSentences(chunk.text())));
    }

    /** One sentence of the service's audio ended; returns the chunks that are now finished, in order. */
    List<TextChunk> sentenceEnded() {
        Entry head = open.peek();
        if (head != null) {
            head.ended++;
        }
        return settle();
    }

    /** Finishes heads that have all their sentences and a successor; returns them in order. */
    List<TextChunk> settle() {
        List<TextChunk> finished = new ArrayList<>(1);
        while (open.size() > 1 && open.peek().ended >= open.peek().expected) {
            finished.add(open.poll().chunk);
        }
        return finished;
    }

    /** The chunk that incoming audio belongs to, or null if none is open. */
    TextChunk head() {
        Entry head = open.peek();
        return head == null ? null : head.chunk;
    }

    /** The service finished: every open chunk is done, in order. */
    List<TextChunk> finishAll() {
        List<TextChunk> finished = new ArrayList<>(open.size());
        for (Entry e = open.poll(); e != null; e = open.poll()) {
            finished.add(e.chunk);
        }
        return finished;
    }

    /**
     * Runs of sentence-ending marks in {@code text} (。！？；!?; and a '.' not inside a number), at least one
     * if anything is speakable, zero otherwise.
     */
    static int expectedSentences(String text) {
        int marks = 0;
        boolean speakable = false;
        boolean afterMark = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean mark = c == '。' || c == '！' || c == '？' || c == '；' || c == '!' || c == '?' || c == ';'
                    || c == '.' && (i + 1 == text.length() || !Character.isDigit(text.charAt(i + 1)));
            if (mark && !afterMark) {
                marks++; // a run such as "？！" or "..." ends one sentence
            }
            speakable |= Character.isLetterOrDigit(c);
            afterMark = mark;
        }
        return speakable ? Math.max(1, marks) : 0;
    }
}
