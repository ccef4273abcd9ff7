package io.callrobot.config;

import io.callrobot.amd.AmdConfig;

/**
 * Answering-machine and carrier-announcement detection on outbound calls (see {@code io.callrobot.amd}).
 * It runs on campaign calls, and on other outbound calls whose flow asks for it, from answer for
 * {@code windowMillis}; a flow's {@code amd:} section says what each verdict does.
 *
 * @param enabled               false turns detection off for every call, whatever the flows say
 * @param windowMillis          how long after answer detection runs; undecided then means {@code unknown}
 * @param longSpeechMillis      unbroken speech this long is a recorded greeting ({@code machine})
 * @param maxGreetingMillis     the longest a person's "喂？你好" is taken to be
 * @param greetingSilenceMillis the pause after a short greeting that makes it a person's
 * @param transcriptWaitMillis  how much longer a person's verdict waits for the greeting's transcript
 * @param phrasesFile           an extra phrase file of the shape of the built-in {@code amd/phrases.yaml}; empty for none
 */
public record AmdSettings(boolean enabled, int windowMillis, int longSpeechMillis, int maxGreetingMillis,
        int greetingSilenceMillis, int transcriptWaitMillis, String phrasesFile) {

    public AmdSettings {
        phrasesFile = phrasesFile == null ? "" : phrasesFile;
    }

    public static AmdSettings defaults() {
        AmdConfig d = AmdConfig.defaults();
        return new AmdSettings(true, d.windowMillis(), d.longSpeechMillis(), d.maxGreetingMillis(),
                d.greetingSilenceMillis(), d.transcriptWaitMillis(), "");
    }

    /**
     * The detector's knobs.
     *
     * @throws IllegalArgumentException naming the times that do not fit together
     */
    public AmdConfig detector() {
        return new AmdConfig(windowMillis, longSpeechMillis, maxGreetingMillis, greetingSilenceMillis,
                transcriptWaitMillis);
    }
}
