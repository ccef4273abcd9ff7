package io.callrobot.amd;

import java.util.Arrays;

/**
 * Finds the special information tones (SIT) that precede operator intercept messages in 8 kHz
 * 16-bit PCM. The signal is cut into {@value #BLOCK_MILLIS} ms blocks, whatever the frame size fed;
 * per block, Goertzel filters at each nominal SIT frequency measure how much of the block's energy
 * sits in one pure tone. A block counts as a tone when one filter holds at least
 * {@value #MIN_PURITY} of the energy at a level above {@value #MIN_DBFS} dBFS, which speech and
 * two-tone DTMF never reach. Three runs of tone blocks in the order low, middle, high group, each
 * {@value #MIN_TONE_MILLIS} ms or longer with at most {@value #MAX_GAP_BLOCKS} stray blocks between,
 * form a sequence; its first two frequencies name the code. Allocates nothing per frame; one
 * instance per call, one thread.
 */
public final class SitToneDetector {

    /** The only rate handled: telephone audio as the media path delivers it. */
    public static final int SAMPLE_RATE = 8000;
    static final int BLOCK_MILLIS = 20;
    private static final int BLOCK = SAMPLE_RATE * BLOCK_MILLIS / 1000;
    static final double MIN_PURITY = 0.6;
    static final double MIN_DBFS = -40;
    // SR-2275 / T1.401: segment durations 274 ms (short) or 380 ms (long), tolerance down to 220 ms;
    // E.180: 330 ± 70 ms. Whole 20 ms blocks of a 220 ms tone are at least 200 ms.
    static final int MIN_TONE_MILLIS = 200;
    private static final int MIN_TONE_BLOCKS = MIN_TONE_MILLIS / BLOCK_MILLIS;
    // E.180: up to 30 ms of silence between segments, i.e. at most 2 blocks touched by it.
    static final int MAX_GAP_BLOCKS = 2;
    private static final double FULL_SCALE_SQUARED = 32768.0 * 32768.0;

    // SR-2275 (as in T1.401): first segment 913.8 or 985.2 Hz, second 1370.6 or 1428.5 Hz, third 1776.7 Hz.
    // ITU-T E.180 §2.6: 950 ± 50, 1400 ± 50, 1800 ± 50 Hz.
    private static final double[] FREQUENCIES = {913.8, 950, 985.2, 1370.6, 1400, 1428.5, 1776.7, 1800};
    private static final int[] GROUP = {0, 0, 0, 1, 1, 1, 2, 2};
    private static final double[] COEFFICIENTS = new double[FREQUENCIES.length];

    static {
        for (int i = 0; i < FREQUENCIES.length; i++) {
            COEFFICIENTS[i] = 2 * Math.cos(2 * Math.PI * FREQUENCIES[i] / SAMPLE_RATE);
        }
    }

    private final double[] s1 = new double[FREQUENCIES.length];
    private final double[] s2 = new double[FREQUENCIES.length];
    private double energy;
    private int filled;
    private long blocks;

    /** Group (0 low, 1 middle, 2 high) of the run under way, -1 for none. */
    private int runGroup = -1;
    /** Tone blocks of the run under way per filter; the run's frequency is the most frequent. */
    private final int[] runCounts = new int[FREQUENCIES.length];
    private int runBlocks;
    private int gapBlocks;
    /** Filters and lengths of the completed first and second segments of the sequence under way. */
    private int stage;
    private int firstFilter;
    private int firstBlocks;
    private int secondFilter;
    private int secondBlocks;

    /**
     * Feeds consecutive samples of the call.
     *
     * @return the sequence that completed within these samples, or {@code null}
     */
    public SitTone process(short[] samples, int offset, int length) {
        SitTone found = null;
        for (int i = offset; i < offset + length; i++) {
            double x = samples[i];
            energy += x * x;
            for (int f = 0; f < COEFFICIENTS.length; f++) {
                double s0 = x + COEFFICIENTS[f] * s1[f] - s2[f];
                s2[f] = s1[f];
                s1[f] = s0;
            }
            if (++filled == BLOCK) {
                SitTone t = endBlock();
                if (t != null) {
                    found = t;
                }
            }
        }
        return found;
    }

    /** Forgets everything heard, e.g. for a new call. */
    public void reset() {
        Arrays.fill(s1, 0);
        Arrays.fill(s2, 0);
        energy = 0;
        filled = 0;
        blocks = 0;
        runGroup = -1;
        runBlocks = 0;
        gapBlocks = 0;
        stage = 0;
    }

    private SitTone endBlock() {
        int best = -1;
        double bestPurity = 0;
        double level = energy <= 0 ? -100 : 10 * Math.log10(energy / BLOCK / FULL_SCALE_SQUARED);
        if (level >= MIN_DBFS) {
            for (int f = 0; f < FREQUENCIES.length; f++) {
                double power = s1[f] * s1[f] + s2[f] * s2[f] - COEFFICIENTS[f] * s1[f] * s2[f];
                // a sine of amplitude A at the filter's frequency gives power (A·N/2)² and energy A²·N/2
                double purity = 2 * power / (BLOCK * energy);
                if (purity > bestPurity) {
                    bestPurity = purity;
                    best = f;
                }
            }
        }
        Arrays.fill(s1, 0);
        Arrays.fill(s2, 0);
        energy = 0;
        filled = 0;
        blocks++;
        return bestPurity >= MIN_PURITY ? toneBlock(best) : strayBlock();
    }

    private SitTone toneBlock(int filter) {
        int group = GROUP[filter];
        if (group == runGroup) {
            runBlocks += 1 + gapBlocks; // a stray block inside one tone is part of it
            gapBlocks = 0;
            runCounts[filter]++;
            return group == 2 && stage == 2 && runBlocks >= MIN_TONE_BLOCKS ? complete() : null;
        }
        closeRun();
        runGroup = group;
        Arrays.fill(runCounts, 0);
        runCounts[filter] = 1;
        runBlocks = 1;
        gapBlocks = 0;
        return null;
    }

    private SitTone strayBlock() {
        if (runGroup >= 0 && ++gapBlocks > MAX_GAP_BLOCKS) {
            closeRun();
            runGroup = -1;
            stage = 0;
        }
        return null;
    }

    /** Ends the run under way: it either extends the sequence or starts it afresh. */
    private void closeRun() {
        if (runGroup < 0) {
            return;
        }
        boolean longEnough = runBlocks >= MIN_TONE_BLOCKS;
        if (longEnough && runGroup == 0) {
            stage = 1;
            firstFilter = runFilter();
            firstBlocks = runBlocks;
        } else if (longEnough && runGroup == 1 && stage == 1) {
            stage = 2;
            secondFilter = runFilter();
            secondBlocks = runBlocks;
        } else {
            stage = 0;
        }
        gapBlocks = 0;
    }

    private int runFilter() {
        int best = 0;
        for (int f = 1; f < runCounts.length; f++) {
            if (runCounts[f] > runCounts[best]) {
                best = f;
            }
        }
        return best;
    }

    private SitTone complete() {
        double first = FREQUENCIES[firstFilter];
        double second = FREQUENCIES[secondFilter];
        String code;
        AmdResult result;
        if (first == 950 || second == 1400) {
            code = "E180"; // E.180 §2.6: "the called number cannot be reached for reasons other than subscriber busy"
            result = AmdResult.UNREACHABLE;
        } else if (first < 950) {
            // SR-2275: 913.8 + 1370.6 = IC (vacant number, intercept); 913.8 + 1428.5 = RO (reorder)
            code = second < 1400 ? "IC" : "RO";
            result = second < 1400 ? AmdResult.INVALID_NUMBER : AmdResult.UNREACHABLE;
        } else {
            // SR-2275: 985.2 + 1370.6 = VC (vacant code); 985.2 + 1428.5 = NC (no circuit)
            code = second < 1400 ? "VC" : "NC";
            result = second < 1400 ? AmdResult.INVALID_NUMBER : AmdResult.UNREACHABLE;
        }
        SitTone tone = new SitTone(code, result, first, second, FREQUENCIES[runFilter()], firstBlocks * BLOCK_MILLIS,
                secondBlocks * BLOCK_MILLIS, blocks * BLOCK_MILLIS);
        stage = 0;
        runGroup = -1;
        runBlocks = 0;
        return tone;
    }
}
