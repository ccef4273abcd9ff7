package io.callrobot.tts;

/** Voice parameters for one spoken reply. Null voice or emotion means the provider's default. */
public record TtsRequest(String callId, String language, String voice, String emotion, double speed) {
}
