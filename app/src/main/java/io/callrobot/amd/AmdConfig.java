package io.callrobot.amd;

/**
 * Timing knobs of {@link MachineDetector}; all in milliseconds.
 *
 * @param windowMillis          how long after answer detection runs; {@code unknown} when it closes undecided
 * @param longSpeechMillis      speech without a pause of {@code greetingSilenceMillis} this long is a machine
 * @param maxGreetingMillis     the longest speech a person's greeting is taken to be
 * @param greetingSilenceMillis the pause after a greeting that makes it a person's (they wait for us)
 * @param transcriptWaitMillis  how much longer than the pause a person's verdict waits for the
 *                              greeting's final transcript, which may still name an announcement
 */
public record AmdConfig(int windowMillis, int longSpeechMillis, int maxGreetingMillis, int greetingSilenceMillis,
        int transcriptWaitMillis) {

    public AmdConfig {
        if (windowMillis <= 0 || longSpeechMillis <= 0 || maxGreetingMillis <= 0 || greetingSilenceMillis <= 0
                || transcriptWaitMillis < 0) {
            throw new IllegalArgumentException("detection times must be positive (transcript wait may be 0): " + this);
        }
        if (maxGreetingMillis >= longSpeechMillis) {
            throw new IllegalArgumentException("maxGreetingMillis (" + maxGreetingMillis
                    + ") must be shorter than longSpeechMillis (" + longSpeechMillis + ")");
        }
    }

    /** 5 s window, machine after 3.5 s of unbroken speech, a greeting up to 2 s then 0.8 s of silence is a person. */
    public static AmdConfig defaults() {
        return new AmdConfig(5000, 3500, 2000, 800, 700);
    }
}
