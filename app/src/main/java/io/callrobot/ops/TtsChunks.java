package io.callrobot.ops;

import java.util.List;

/**
 * Where a turn's (or a whole call's) synthesised chunks came from, as the call log keeps it.
 *
 * @param chunks text chunks whose audio the TTS stream began to deliver
 * @param cached of those, played from the prompt cache without waiting for synthesis
 */
public record TtsChunks(int chunks, int cached) {

    /** The totals of the robot turns that went through the prompt cache, or null if none did. */
    public static TtsChunks total(List<TurnRecord> turns) {
        int chunks = 0;
        int cached = 0;
        boolean any = false;
        for (TurnRecord turn : turns) {
            if (turn.tts() != null) {
                chunks += turn.tts().chunks();
                cached += turn.tts().cached();
                any = true;
            }
        }
        return any ? new TtsChunks(chunks, cached) : null;
    }
}
