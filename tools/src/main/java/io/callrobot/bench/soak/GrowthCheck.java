package io.callrobot.bench.soak;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Whether the robot's heap, threads, file descriptors or sockets grew during a soak: the median of
 * the {@value #WINDOW} samples nearest the reference point (minute 5 of a 30-minute run) against the
 * median of the last {@value #WINDOW}, each figure within its tolerance. Medians, so that one sample
 * taken while many calls were being replaced does not decide; only growth fails, not a fall.
 */
public final class GrowthCheck {

    /** Samples per median. */
    public static final int WINDOW = 3;
    /** A reference window and a last window that do not overlap. */
    public static final int MIN_SAMPLES = 2 * WINDOW;

    private static final double MIB = 1024.0 * 1024.0;

    private GrowthCheck() {
    }

    /** One figure's verdict: its growth from {@code reference} to {@code last}, against {@code allowed}. */
    public record Verdict(String figure, double reference, double last, double allowed) {

        public boolean passed() {
            return last - reference <= allowed;
        }

        /** {@code "heap MiB          112.4 -> 115.0  (+2.6, allowed +11.2)  PASS"}. */
        public String line() {
            return String.format("%-17s %8.1f -> %8.1f  (%+.1f, allowed +%.1f)  %s", figure, reference, last,
                    last - reference, allowed, passed() ? "PASS" : "FAIL");
        }
    }

    /**
     * Checks {@code samples} (in time order) between {@code referenceAt} and the end.
     *
     * @throws IllegalArgumentException with fewer than {@value #MIN_SAMPLES} samples
     */
    public static List<Verdict> check(List<SoakSample> samples, Duration referenceAt, SoakTolerances tolerances) {
        if (samples.size() < MIN_SAMPLES) {
            throw new IllegalArgumentException("a growth check needs at least " + MIN_SAMPLES + " samples, got "
                    + samples.size());
        }
        List<SoakSample> last = samples.subList(samples.size() - WINDOW, samples.size());
        List<SoakSample> reference = nearest(samples.subList(0, samples.size() - WINDOW), referenceAt);
        double heapRef = median(reference, s -> s.heapBytes() / MIB);
        return List.of(
                new Verdict("heap MiB", heapRef, median(last, s -> s.heapBytes() / MIB),
                        Math.max(tolerances.heapBytes() / MIB, tolerances.heapFraction() * heapRef)),
                verdict("platform threads", reference, last, SoakSample::platformThreads, tolerances.threads()),
                verdict("fds", reference, last, SoakSample::fds, tolerances.fds()),
                verdict("sockets", reference, last, SoakSample::sockets, tolerances.sockets()));
    }

    /** Whether every verdict passed. */
    public static boolean passed(List<Verdict> verdicts) {
        return verdicts.stream().allMatch(Verdict::passed);
    }

    private static Verdict verdict(String figure, List<SoakSample> reference, List<SoakSample> last,
            ToDoubleFunction<SoakSample> value, int allowed) {
        return new Verdict(figure, median(reference, value), median(last, value), allowed);
    }

    /** The {@value #WINDOW} samples whose time is nearest {@code at}, in time order. */
    private static List<SoakSample> nearest(List<SoakSample> samples, Duration at) {
        return IntStream.range(0, samples.size()).boxed()
                .sorted(Comparator.comparing(i -> samples.get(i).at().minus(at).abs()))
                .limit(WINDOW).sorted().map(samples::get).toList();
    }

    private static double median(List<SoakSample> samples, ToDoubleFunction<SoakSample> value) {
        double[] values = samples.stream().mapToDouble(value).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
