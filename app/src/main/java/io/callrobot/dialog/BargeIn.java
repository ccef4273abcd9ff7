package io.callrobot.dialog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * When the caller may interrupt a prompt, as a flow writes it: {@code bargeIn: false},
 * {@code bargeIn: words} or {@code bargeIn: {mode: vad, minSpeechMillis: 300}}. Fields left out
 * (null) take the server's {@code call.bargeIn} settings.
 *
 * @param mode            how an interruption is recognised; null = the server's default mode
 * @param minSpeechMillis {@link Mode#VAD}: caller speech this long pauses the robot
 * @param ignore          {@link Mode#WORDS}: utterances made only of these words (backchannels) never interrupt
 */
public record BargeIn(Mode mode, Integer minSpeechMillis, List<String> ignore) {

    /** Every field from the server's settings. */
    public static final BargeIn SERVER_DEFAULT = new BargeIn(null, null, null);
    /** The prompt always plays to its end (legal disclaimers). */
    public static final BargeIn DISABLED = new BargeIn(Mode.DISABLED, null, null);

    /** How caller speech over a prompt is treated. */
    public enum Mode {
        /** Never interrupted; what the caller says meanwhile is dropped. */
        DISABLED,
        /**
         * Caller speech lasting {@code minSpeechMillis} pauses the robot at once; the first
         * recognised word confirms the interruption, and noise that yields no words resumes the
         * prompt where it stopped.
         */
        VAD,
        /** The robot talks on until the recogniser hears a word that is not a backchannel. */
        WORDS;

        /** As flows and the configuration spell it. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        static Mode parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("barge-in mode must be disabled, vad or words, was '" + text + "'");
            }
        }
    }

    @JsonCreator
    public BargeIn(@JsonProperty("mode") Mode mode, @JsonProperty("minSpeechMillis") Integer minSpeechMillis,
            @JsonProperty("ignore") List<String> ignore) {
        this.mode = mode;
        this.minSpeechMillis = minSpeechMillis;
        this.ignore = ignore == null ? null : List.copyOf(ignore);
    }

    /** {@code bargeIn: true} keeps the server's mode, {@code false} disables interruption. */
    @JsonCreator
    static BargeIn of(boolean enabled) {
        return enabled ? SERVER_DEFAULT : DISABLED;
    }

    /** {@code bargeIn: vad}: a mode by name. */
    @JsonCreator
    static BargeIn of(String mode) {
        return new BargeIn(Mode.parse(mode), null, null);
    }

    /** Fields set here win; the others come from {@code fallback}. */
    public BargeIn over(BargeIn fallback) {
        return new BargeIn(mode != null ? mode : fallback.mode,
                minSpeechMillis != null ? minSpeechMillis : fallback.minSpeechMillis,
                ignore != null ? ignore : fallback.ignore);
    }
}
