package io.callrobot.dialog;

/**
 * How one reply is spoken. {@code bargeIn} false makes it uninterruptible (legal disclaimers);
 * null voice, emotion or speed use the TTS provider's defaults.
 */
public record ReplyOptions(boolean bargeIn, String voice, String emotion, Double speed) {

    public static final ReplyOptions DEFAULT = new ReplyOptions(true, null, null, null);
}
