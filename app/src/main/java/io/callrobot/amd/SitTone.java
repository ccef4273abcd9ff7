package io.callrobot.amd;

/**
 * A special information tone sequence heard ahead of an operator intercept message.
 *
 * @param code        the sequence's name: {@code IC}, {@code VC}, {@code RO}, {@code NC} (Telcordia
 *                    SR-2275 / ANSI T1.401) or {@code E180} (ITU-T E.180's single 950/1400/1800 Hz form)
 * @param result      what the code means for the call
 * @param firstHz     frequency of the first tone as measured (the nearest nominal one)
 * @param secondHz    frequency of the second tone
 * @param thirdHz     frequency of the third tone
 * @param firstMillis duration measured of the first tone (whole analysis blocks, ±20 ms)
 * @param secondMillis duration of the second tone
 * @param endMillis   time of the end of the third tone's detection, on the detector's own sample clock
 */
public record SitTone(String code, AmdResult result, double firstHz, double secondHz, double thirdHz,
        int firstMillis, int secondMillis, long endMillis) {
}
