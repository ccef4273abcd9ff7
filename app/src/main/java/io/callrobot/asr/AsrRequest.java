package io.callrobot.asr;

import java.util.List;

/** What a recognition stream needs to know about the call's audio and vocabulary. */
public record AsrRequest(String callId, int sampleRate, String language, List<String> hotwords) {
    public AsrRequest {
        hotwords = List.copyOf(hotwords);
    }
}
