package io.callrobot.tts;

/** The synthesis of one text chunk by a request-per-chunk provider (a process, an HTTP request). */
public interface ChunkSynthesis {

    /** Receives audio of the chunk in order, possibly in several pieces. */
    interface AudioSink {
        void audio(short[] pcm, int sampleRate);
    }

    /** Synthesises, blocking its own thread until all audio went to {@code sink}; throws on failure. */
    void run(AudioSink sink) throws Exception;

    /** Stops {@link #run} as soon as possible; called from another thread, possibly before run starts. */
    void abort();
}
