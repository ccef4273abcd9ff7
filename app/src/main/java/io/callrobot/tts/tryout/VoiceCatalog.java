package io.callrobot.tts.tryout;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.TtsConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The choices each provider offers a try-out: its configured voice first, then voices it is known to have. */
public final class VoiceCatalog {

    private static final List<String> LANGUAGES = List.of("zh-CN", "en-US");
    /** Words that fill an instruction such as "Speak in a {emotion} tone." (openai, cosyvoice). */
    private static final List<String> TONES = List.of("friendly", "cheerful", "calm", "serious", "apologetic");

    private VoiceCatalog() {
    }

    /** The choices of {@code provider} as {@code config} sets it up. */
    public static VoiceOptions of(String provider, CallRobotConfig config) {
        TtsConfig tts = config.tts();
        return switch (provider) {
            // espeak-ng(1): -s 80..450 words per minute around the configured rate; no emotions
            case "espeak" -> new VoiceOptions(voices(tts.espeak().voiceZh(), tts.espeak().voiceEn()), null, List.of(),
                    0.5, 2.5, LANGUAGES);
            // the self-hosted server gets {text, voice, emotion, speed}; Sambert's emotional voices know these
            case "http" -> new VoiceOptions(voices(tts.http().voice()), tts.http().voice(),
                    List.of("neutral", "happy", "sad", "angry"), 0.5, 2.0, LANGUAGES);
            // CosyVoice run-task parameters.rate: 0.5..2 (CosyVoiceMessages); emotion only with an instruction
            case "cosyvoice" -> new VoiceOptions(voices(tts.cosyvoice().voice(), "longxiaochun_v2", "longxiaoxia_v2",
                    "longwan_v2", "longcheng_v2", "longhua_v2"), tts.cosyvoice().voice(),
                    tts.cosyvoice().instruction().isBlank() ? List.of() : TONES, 0.5, 2.0, LANGUAGES);
            // OpenAI "Create speech": speed 0.25..4.0, its built-in voices
            case "openai" -> new VoiceOptions(voices(tts.openai().voice(), "alloy", "ash", "ballad", "coral", "echo",
                    "fable", "nova", "onyx", "sage", "shimmer"), tts.openai().voice(),
                    tts.openai().instructions().isBlank() ? List.of() : TONES, 0.25, 4.0, LANGUAGES);
            // NLS speech_rate -500..500 is 0.5x..2x; emotion comes with the voice, the protocol has no field
            case "nls" -> new VoiceOptions(voices(tts.nls().voice(), "xiaoyun", "xiaogang", "ruoxi", "siqi", "aixia"),
                    tts.nls().voice(), List.of(), 0.5, 2.0, LANGUAGES);
            default -> new VoiceOptions(List.of(), null, List.of(), 1.0, 1.0, LANGUAGES);
        };
    }

    private static List<String> voices(String... names) {
        Set<String> unique = new LinkedHashSet<>();
        for (String name : names) {
            if (name != null && !name.isBlank()) {
                unique.add(name);
            }
        }
        return List.copyOf(unique);
    }
}
