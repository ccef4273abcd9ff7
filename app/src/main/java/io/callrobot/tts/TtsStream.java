package io.callrobot.tts;

/** One reply being synthesised. Audio is delivered in chunk order, whatever order providers finish in. */
public interface TtsStream {

    /** Queues a chunk of text; never blocks. */
    void send(TextChunk chunk);

    /** No more text: synthesise what is queued, then complete. */
    void finish();

    /** Discards everything now (barge-in, hangup); idempotent; the listener hears nothing more. */
    void cancel();
}
