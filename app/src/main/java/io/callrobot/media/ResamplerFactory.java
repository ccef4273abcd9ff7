package io.callrobot.media;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes {@link Resampler}s: {@link HalfBandUpsampler} and {@link HalfBandDownsampler} for a ratio of
 * exactly two (8 kHz calls to 16 kHz recognisers and back from 16 kHz speech), which run on every
 * frame; a {@link PolyphaseResampler} for any other pair. Polyphase tables are shared per rate pair: a table is designed
 * on first use and only read afterwards, so all calls converting the same TTS rate share one
 * (about 70 KiB for 22050 to 8000 Hz) instead of each reply building its own. Thread-safe. At
 * most {@value #MAX_TABLES} pairs are kept; further pairs (a provider sending odd rates) get a
 * table of their own, so bad input cannot grow the cache.
 */
public final class ResamplerFactory {

    static final int MAX_TABLES = 16;

    private final ConcurrentHashMap<Long, PolyphaseFilter> filters = new ConcurrentHashMap<>();
    private final HalfBandFilter halfBand = new HalfBandFilter();

    /**
     * A resampler from {@code inRate} to {@code outRate} Hz (e.g. 8000, 16000, 22050, 24000,
     * 44100, 48000 in any pair); equal rates give an identity converter.
     *
     * @throws IllegalArgumentException for a rate that is not positive or a ratio needing too many phases
     */
    public Resampler create(int inRate, int outRate) {
        if (inRate > 0 && outRate == 2 * inRate) {
            return new HalfBandUpsampler(inRate, halfBand);
        }
        if (outRate > 0 && inRate == 2 * outRate) {
            return new HalfBandDownsampler(outRate, halfBand);
        }
        Long key = ((long) inRate << 32) | (outRate & 0xffffffffL);
        PolyphaseFilter filter = filters.get(key);
        if (filter == null) {
            filter = PolyphaseFilter.design(inRate, outRate);
            if (filters.size() < MAX_TABLES) {
                PolyphaseFilter earlier = filters.putIfAbsent(key, filter);
                if (earlier != null) {
                    filter = earlier;
                }
            }
        }
        return new PolyphaseResampler(filter);
    }

    /** Rate pairs whose table is cached. */
    int tables() {
        return filters.size();
    }
}
