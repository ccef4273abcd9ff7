package io.callrobot.tts;

/** One reply being synthesised. Audio is delivered in chunk order, whatever order providers finish in. */
public interface TtsStream {

    /** Queues a chunk of text; never blocks. */
    void send(TextChunk chunk);

    /** No more text: synthesise what is queued, then complete. */
    void finish();

    /**
     * Discards everything now (barge-in, hangup); idempotent. No terminal callback follows; a callback
     * already under way when this is called from another thread may still arrive, so listeners ignore
     * what comes after their own cancel.
     */
    void cancel();
}
