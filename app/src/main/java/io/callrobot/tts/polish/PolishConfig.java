package io.callrobot.tts.polish;

/**
 * Settings of {@link PolishingTtsEngine}, which makes synthesised speech join without clicks and
 * play at one loudness whatever the provider.
 *
 * @param fadeMillis length of the raised-cosine fade-in at the start and fade-out at the end of
 *                   every chunk's audio; 0 disables the fades
 * @param loudness   levelling of each reply to a target loudness
 */
public record PolishConfig(int fadeMillis, LoudnessConfig loudness) {

    public PolishConfig {
        if (fadeMillis < 0 || fadeMillis > 50) {
            throw new IllegalArgumentException("fadeMillis must be 0..50: " + fadeMillis);
        }
        loudness = loudness == null ? LoudnessConfig.defaults() : loudness;
    }

    /** 5 ms fades, loudness levelling on with {@link LoudnessConfig#defaults()}. */
    public static PolishConfig defaults() {
        return new PolishConfig(5, LoudnessConfig.defaults());
    }

    /** True when polishing changes nothing, so the provider's audio can pass untouched. */
    boolean passThrough() {
        return fadeMillis == 0 && !loudness.enabled();
    }
}
