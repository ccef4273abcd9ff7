package io.callrobot.bench;

import io.callrobot.store.AttemptRow;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one campaign run measured, from the stored attempts of the campaign and the robot's CPU time.
 *
 * @param contacts              contacts in the campaign
 * @param attempts              attempts stored for it
 * @param outcomes              attempts by outcome
 * @param settleSeconds         from the start request to the last attempt's end
 * @param completedSeconds      from the start request to the API reporting the campaign completed
 *                              (includes the dialer's idle check before it declares completion)
 * @param settledPerSecond      contacts / settleSeconds
 * @param attemptsPerSecond     attempts started per second, first to last start
 * @param cpuMillisPerAttempt   robot CPU from start request to completed, per attempt
 * @param netCpuMillisPerAttempt the same less the robot's idle CPU rate over that time
 * @param endedMillis           p50 and p99 of {@code ended_at − created_at} of attempts not answered
 *                              (the originate went out, the switch's result came back, the attempt was
 *                              settled), with their count
 * @param answeredMillis        p50 and p99 of {@code answered_at − created_at} of answered attempts that have an
 *                              {@code answered_at}, with their count
 */
record CampaignFigures(int contacts, int attempts, Map<String, Long> outcomes, double settleSeconds,
                       double completedSeconds, double settledPerSecond, double attemptsPerSecond,
                       double cpuMillisPerAttempt, double netCpuMillisPerAttempt, Percentiles endedMillis,
                       Percentiles answeredMillis) {

    private static final String ANSWERED = "answered";

    /** p50 and p99 of a sample, NaN when empty. */
    record Percentiles(double p50, double p99, int count) {

        static Percentiles of(List<Double> values) {
            Distribution d = new Distribution();
            values.forEach(d::add);
            return new Percentiles(d.percentile(50), d.percentile(99), d.count());
        }
    }

    /**
     * @param attempts  the campaign's attempts; all must have ended
     * @param started   when the start request was sent
     * @param completed when the campaign was seen completed
     * @param robotCpu  the robot's CPU time between the two
     * @param idleCores the robot's CPU use while idle, in cores, measured before the start
     * @throws IllegalArgumentException if there is no attempt or one has not ended
     */
    static CampaignFigures of(int contacts, List<AttemptRow> attempts, Instant started, Instant completed,
            Duration robotCpu, double idleCores) {
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("no attempts stored for the campaign");
        }
        attempts.forEach(a -> Objects.requireNonNull(a.endedAt(), () -> "attempt " + a.callUuid() + " has not ended"));
        Instant firstCreated = attempts.stream().map(AttemptRow::createdAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant lastCreated = attempts.stream().map(AttemptRow::createdAt).max(Comparator.naturalOrder()).orElseThrow();
        Instant lastEnded = attempts.stream().map(AttemptRow::endedAt).max(Comparator.naturalOrder()).orElseThrow();
        double settle = seconds(started, lastEnded);
        double completedAfter = seconds(started, completed);
        double dialSpan = seconds(firstCreated, lastCreated);
        int n = attempts.size();
        double cpuMillis = robotCpu.toNanos() / 1e6;
        Map<String, Long> outcomes = attempts.stream().collect(Collectors.groupingBy(
                a -> a.outcome() == null ? "?" : a.outcome(), TreeMap::new, Collectors.counting()));
        return new CampaignFigures(contacts, n, outcomes, settle, completedAfter, contacts / settle,
                n > 1 && dialSpan > 0 ? (n - 1) / dialSpan : Double.NaN,
                cpuMillis / n, (cpuMillis - idleCores * completedAfter * 1000) / n,
                Percentiles.of(attempts.stream().filter(a -> !ANSWERED.equals(a.outcome()))
                        .map(a -> millis(a.createdAt(), a.endedAt())).toList()),
                // an answered attempt whose call record reached the dialer before the originate's answer has no answered_at
                Percentiles.of(attempts.stream().filter(a -> ANSWERED.equals(a.outcome()) && a.answeredAt() != null)
                        .map(a -> millis(a.createdAt(), a.answeredAt())).toList()));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    void print(PrintStream out) {
        out.printf("contacts %d, attempts %d, outcomes %s%n", contacts, attempts, outcomes);
        out.printf("contacts settled per second   %.1f  (last attempt ended %.2f s after start; completed at %.2f s)%n",
                settledPerSecond, settleSeconds, completedSeconds);
        out.printf("attempts started per second   %.1f%n", attemptsPerSecond);
        out.printf("robot CPU per attempt         %.2f ms  (%.2f ms less idle)%n", cpuMillisPerAttempt,
                netCpuMillisPerAttempt);
        out.printf("attempt created -> ended      p50 %.1f  p99 %.1f ms  (n=%d, not answered)%n",
                endedMillis.p50(), endedMillis.p99(), endedMillis.count());
        if (answeredMillis.count() > 0) {
            out.printf("attempt created -> answered   p50 %.1f  p99 %.1f ms  (n=%d)%n",
                    answeredMillis.p50(), answeredMillis.p99(), answeredMillis.count());
        }
    }
}
