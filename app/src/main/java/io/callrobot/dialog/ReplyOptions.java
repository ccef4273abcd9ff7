package io.callrobot.dialog;

/**
 * How one reply is spoken: when the caller may interrupt it (a disclaimer cannot be), and the
 * voice; null voice, emotion or speed use the TTS provider's defaults.
 */
public record ReplyOptions(BargeIn bargeIn, String voice, String emotion, Double speed) {

    public static final ReplyOptions DEFAULT = new ReplyOptions(BargeIn.SERVER_DEFAULT, null, null, null);

    public ReplyOptions {
        bargeIn = bargeIn == null ? BargeIn.SERVER_DEFAULT : bargeIn;
    }
}
