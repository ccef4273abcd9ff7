package io.callrobot.sim;

/**
 * The special information tones operators play ahead of an intercept message: three rising tones
 * whose first two frequencies and lengths name the message's kind (SR-2275).
 */
public final class SitTones {

    private SitTones() {
    }

    /**
     * The three tones of a SIT code at {@code sampleRate}, each a sine whose RMS is {@code dbfs}.
     *
     * @param code IC (vacant code, 空号), VC (vacant circuit), RO (reorder, system busy) or NC (no circuit)
     * @throws IllegalArgumentException naming the codes known
     */
    public static short[] render(String code, int sampleRate, double dbfs) {
        // SR-2275: IC 913.8/274 1370.6/274; VC 985.2/380 1370.6/274; RO 913.8/274 1428.5/380; NC 985.2/380 1428.5/380; then 1776.7/380
        double[] spec = switch (code) {
            case "IC" -> new double[] {913.8, 274, 1370.6, 274};
            case "VC" -> new double[] {985.2, 380, 1370.6, 274};
            case "RO" -> new double[] {913.8, 274, 1428.5, 380};
            case "NC" -> new double[] {985.2, 380, 1428.5, 380};
            default -> throw new IllegalArgumentException("unknown SIT code " + code + " (IC, VC, RO or NC)");
        };
        short[] first = sine(spec[0], (int) spec[1], sampleRate, dbfs);
        short[] second = sine(spec[2], (int) spec[3], sampleRate, dbfs);
        short[] third = sine(1776.7, 380, sampleRate, dbfs);
        short[] all = new short[first.length + second.length + third.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        System.arraycopy(third, 0, all, first.length + second.length, third.length);
        return all;
    }

    private static short[] sine(double hz, int millis, int sampleRate, double dbfs) {
        short[] s = new short[sampleRate * millis / 1000];
        double amplitude = 32767 * Math.pow(10, dbfs / 20) * Math.sqrt(2);
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (amplitude * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return s;
    }
}
