package io.callrobot.ops;

import io.callrobot.llm.LlmUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Monotonic marks of one turn. The first mark of each kind wins, so a late duplicate cannot
 * rewrite history; marking never throws. Also counts the turn's TTS chunks played from the prompt
 * cache, which explain a {@code tts_first_audio} right after {@code tts_first_text}.
 * Thread-safe: marks come from I/O, provider and pacer threads.
 */
public final class TurnLatency {

    private static final long UNSET = Long.MIN_VALUE;
    private final long[] nanos = new long[LatencyMark.values().length];
    private int ttsChunks;
    private int ttsCached;
    private LlmUsage llmUsage;

    public TurnLatency() {
        java.util.Arrays.fill(nanos, UNSET);
    }

    public synchronized void mark(LatencyMark mark, long nanoTime) {
        if (nanos[mark.ordinal()] == UNSET) {
            nanos[mark.ordinal()] = nanoTime;
        }
    }

    /** A chunk of the turn's reply is played: from the prompt cache, or as the TTS provider synthesises it. */
    public synchronized void ttsChunk(boolean cached) {
        ttsChunks++;
        if (cached) {
            ttsCached++;
        }
    }

    /** The chunks counted by {@link #ttsChunk}, or null if none were (no prompt cache, nothing spoken). */
    public synchronized TtsChunks ttsChunks() {
        return ttsChunks == 0 ? null : new TtsChunks(ttsChunks, ttsCached);
    }

    /** Tokens an LLM answer of the turn cost; a turn that asked twice adds both. */
    public synchronized void llmUsage(LlmUsage usage) {
        llmUsage = llmUsage == null ? usage : llmUsage.plus(usage);
    }

    /** The turn's LLM token usage, or null if no answer reported any. */
    public synchronized LlmUsage llmUsage() {
        return llmUsage;
    }

    public synchronized boolean has(LatencyMark mark) {
        return nanos[mark.ordinal()] != UNSET;
    }

    /** {@code first_frame_out − eou} in nanoseconds, or -1 when either mark is missing. */
    public synchronized long voiceToVoiceNanos() {
        return span(LatencyMark.EOU, LatencyMark.FIRST_FRAME_OUT);
    }

    /**
     * Time spent inside the robot on the path to the first frame (design.md section 3):
     * {@code (llm_request − asr_final) + (tts_first_text − llm_first_chunk) + (first_frame_out − tts_first_audio)},
     * where {@code llm_first_chunk} is {@code llm_first_token} when that token alone completes the first
     * chunk; without an LLM in the turn the first two terms become {@code tts_first_text − asr_final}.
     * -1 when the turn never produced audio.
     */
    public synchronized long robotOverheadNanos() {
        long tail = span(LatencyMark.TTS_FIRST_AUDIO, LatencyMark.FIRST_FRAME_OUT);
        if (tail < 0) {
            return -1;
        }
        if (has(LatencyMark.LLM_REQUEST) && has(LatencyMark.LLM_FIRST_TOKEN)) {
            long before = span(LatencyMark.ASR_FINAL, LatencyMark.LLM_REQUEST);
            LatencyMark ready = has(LatencyMark.LLM_FIRST_CHUNK) ? LatencyMark.LLM_FIRST_CHUNK : LatencyMark.LLM_FIRST_TOKEN;
            long chunk = span(ready, LatencyMark.TTS_FIRST_TEXT);
            return before < 0 || chunk < 0 ? -1 : before + chunk + tail;
        }
        long head = span(LatencyMark.ASR_FINAL, LatencyMark.TTS_FIRST_TEXT);
        return head < 0 ? -1 : head + tail;
    }

    /** Marks as milliseconds after the earliest one, plus the derived figures, for the call log. */
    public synchronized Map<String, Double> toMillis() {
        long origin = Long.MAX_VALUE;
        for (long n : nanos) {
            if (n != UNSET) {
                origin = Math.min(origin, n);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (LatencyMark m : LatencyMark.values()) {
            if (nanos[m.ordinal()] != UNSET) {
                out.put(m.key(), millis(nanos[m.ordinal()] - origin));
            }
        }
        long v2v = voiceToVoiceNanos();
        if (v2v >= 0) {
            out.put(LatencyMark.VOICE_TO_VOICE, millis(v2v));
        }
        long overhead = robotOverheadNanos();
        if (overhead >= 0) {
            out.put("robot_overhead", millis(overhead));
        }
        return out;
    }

    private long span(LatencyMark from, LatencyMark to) {
        long a = nanos[from.ordinal()];
        long b = nanos[to.ordinal()];
        return a == UNSET || b == UNSET ? -1 : Math.max(0, b - a);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
