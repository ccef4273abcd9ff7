package io.callrobot.text;

/**
 * Switches for {@link TextNormalizer}.
 *
 * @param enabled   when false the normalizer returns every text unchanged
 * @param yaoForOne read the digit 1 as 幺 in numbers spoken digit by digit (phone, ID, card and
 *                  account numbers, codes after words such as 尾号 or 验证码), as Chinese call
 *                  centres do so that 1 and 7 are not confused; never in years or clock times
 */
public record NormalizerConfig(boolean enabled, boolean yaoForOne) {

    /** Enabled, with 幺 for 1 in digit-by-digit numbers. */
    public static NormalizerConfig defaults() {
        return new NormalizerConfig(true, true);
    }
}
