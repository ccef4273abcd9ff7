package io.callrobot.config;

import io.callrobot.dialog.BargeIn;
import java.time.Duration;
import java.util.List;

/**
 * How the caller interrupts the robot, for prompts whose flow does not say otherwise.
 *
 * @param mode            {@code vad}, {@code words} or {@code disabled} (see {@link BargeIn.Mode})
 * @param minSpeechMillis {@code vad}: caller speech this long pauses the robot; 0 pauses as soon as the
 *                        VAD is sure it is speech
 * @param backchannels    {@code words}: utterances made only of these never interrupt (嗯, 对, ok); in
 *                        any mode they do not cut a reply that was held for the caller before it
 *                        was heard (a "喂?" as the call connects)
 * @param resumeAfter     {@code vad}: a paused robot resumes when no word is recognised this long
 *                        after the caller's sound ended (a cough, a door, line noise); while the
 *                        sound goes on, after four times this at most
 * @param shortSound      {@code vad}: a burst of caller sound at most this long that paused the robot
 *                        without a word (a cough, a click, a door, a short 嗯) ...
 * @param shortSoundResume ... resumes the robot once it has been quiet this long, without waiting for
 *                        the VAD's end of speech; voice coming back pauses it again
 */
public record BargeInConfig(BargeIn.Mode mode, int minSpeechMillis, List<String> backchannels,
        Duration resumeAfter, Duration shortSound, Duration shortSoundResume) {

    public BargeInConfig {
        backchannels = List.copyOf(backchannels);
    }

    public static BargeInConfig defaults() {
        return new BargeInConfig(BargeIn.Mode.VAD, 0,
                List.of("嗯", "嗯嗯", "啊", "哦", "噢", "喔", "哎", "喂", "对", "对的", "是", "是的", "好", "好的", "行",
                        "可以", "明白", "知道了", "ok", "okay", "yeah", "yes", "yep", "uh-huh", "mhm", "right", "sure",
                        "hello", "hi"),
                Duration.ofMillis(2000), Duration.ofMillis(600), Duration.ofMillis(150));
    }

    /** The server's settings as a flow-level barge-in, for fields a flow leaves out. */
    public BargeIn asFallback() {
        return new BargeIn(mode, minSpeechMillis, backchannels);
    }
}
