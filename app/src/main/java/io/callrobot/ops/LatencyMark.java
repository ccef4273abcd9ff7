package io.callrobot.ops;

/** The latency marks of one robot turn, named as in the call log, metrics and benchmarks. */
public enum LatencyMark {
    /** Last voiced caller frame received (end of utterance), or the key press for DTMF. */
    EOU("eou"),
    /** Final transcript received (equal to {@link #EOU} for DTMF). */
    ASR_FINAL("asr_final"),
    LLM_REQUEST("llm_request"),
    LLM_FIRST_TOKEN("llm_first_token"),
    /**
     * The LLM token that completed the first TTS chunk arrived (or the chunker's idle flush fired).
     * Waiting for it is waiting on the provider, so robot_overhead counts from here, not from
     * {@link #LLM_FIRST_TOKEN}, when the first token alone does not make a chunk.
     */
    LLM_FIRST_CHUNK("llm_first_chunk"),
    /** First text chunk handed to TTS. */
    TTS_FIRST_TEXT("tts_first_text"),
    /** First PCM back from TTS. */
    TTS_FIRST_AUDIO("tts_first_audio"),
    /** First robot frame sent to FreeSWITCH. */
    FIRST_FRAME_OUT("first_frame_out");

    /** {@code first_frame_out − eou}, as the call log and dashboard name it. */
    public static final String VOICE_TO_VOICE = "voice_to_voice";
    /** From the first voiced caller frame of an interruption to the robot's stop. */
    public static final String BARGE_IN_STOP = "barge_in_stop";

    private final String key;

    LatencyMark(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
