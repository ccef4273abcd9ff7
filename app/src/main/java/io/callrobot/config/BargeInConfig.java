package io.callrobot.config;

import io.callrobot.dialog.BargeIn;
import java.time.Duration;
import java.util.List;

/**
 * How the caller interrupts the robot, for prompts whose flow does not say otherwise.
 *
 * @param mode            {@code vad}, {@code words} or {@code disabled} (see {@link BargeIn.Mode})
 * @param minSpeechMillis {@code vad}: caller speech this long pauses the robot
 * @param backchannels    {@code words}: utterances made only of these never interrupt (嗯, 对, ok); in
 *                        any mode they do not cut a reply that was held for the caller before it
 *                        was heard (a "喂?" as the call connects)
 * @param resumeAfter     {@code vad}: a paused robot resumes when no word is recognised this long
 *                        after the caller's sound ended (a cough, a door, line noise); while the
 *                        sound goes on, after four times this at most
 */
public record BargeInConfig(BargeIn.Mode mode, int minSpeechMillis, List<String> backchannels,
        Duration resumeAfter) {

    public BargeInConfig {
        backchannels = List.copyOf(backchannels);
    }

    public static BargeInConfig defaults() {
        return new BargeInConfig(BargeIn.Mode.VAD, 160,
                List.of("嗯", "嗯嗯", "啊", "哦", "噢", "喔", "哎", "喂", "对", "对的", "是", "是的", "好", "好的", "行",
                        "可以", "明白", "知道了", "ok", "okay", "yeah", "yes", "yep", "uh-huh", "mhm", "right", "sure",
                        "hello", "hi"),
                Duration.ofMillis(2000));
    }

    /** The server's settings as a flow-level barge-in, for fields a flow leaves out. */
    public BargeIn asFallback() {
        return new BargeIn(mode, minSpeechMillis, backchannels);
    }
}
