package io.callrobot.ops.dashboard;

import io.callrobot.ops.CallRecord;
import io.callrobot.ops.LatencyMark;
import io.callrobot.ops.TurnRecord;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The last hour of ended calls, one bucket per minute, fed by the call log's records as they are
 * written: calls per minute, results, hangup causes, errors by stage and the turns' voice-to-voice
 * and barge-in-stop latencies. Answers the dashboard without reading the store. Thread-safe: records
 * come from the call log's thread, questions from API handlers.
 */
public final class RollingHour implements Consumer<CallRecord> {

    static final int MINUTES = 60;
    static final int SERIES_MINUTES = 5;
    /** Latency samples kept per minute and kind; past this a minute's percentiles come from its first ones. */
    static final int MAX_SAMPLES = 20_000;

    private final InstantSource clock;
    private final Minute[] minutes = new Minute[MINUTES];

    public RollingHour(InstantSource clock) {
        this.clock = clock;
    }

    /** Counts an ended call in the minute it ended (now). */
    @Override
    public void accept(CallRecord record) {
        long minute = clock.instant().getEpochSecond() / 60;
        synchronized (this) {
            bucket(minute).add(record);
        }
    }

    private Minute bucket(long minute) {
        int slot = (int) Math.floorMod(minute, MINUTES);
        Minute m = minutes[slot];
        if (m == null || m.epochMinute != minute) {
            m = new Minute(minute);
            minutes[slot] = m;
        }
        return m;
    }

    /** The figures of the last hour (the current minute and the 59 before it). */
    public synchronized HourFigures figures() {
        Instant now = clock.instant();
        long current = now.getEpochSecond() / 60;
        long first = current - MINUTES + 1;
        List<HourFigures.MinuteCount> perMinute = new ArrayList<>(MINUTES);
        Map<String, Integer> results = new TreeMap<>();
        Map<String, Integer> causes = new TreeMap<>();
        Map<String, Integer> errors = new TreeMap<>();
        Samples allV2v = new Samples(Integer.MAX_VALUE);
        Samples allBargeIn = new Samples(Integer.MAX_VALUE);
        List<HourFigures.Percentiles> v2vSeries = new ArrayList<>();
        List<HourFigures.Percentiles> bargeInSeries = new ArrayList<>();
        Samples v2v = new Samples(Integer.MAX_VALUE);
        Samples bargeIn = new Samples(Integer.MAX_VALUE);
        int calls = 0;
        for (long minute = first; minute <= current; minute++) {
            Minute m = minutes[(int) Math.floorMod(minute, MINUTES)];
            boolean live = m != null && m.epochMinute == minute;
            perMinute.add(new HourFigures.MinuteCount(startOf(minute), live ? m.calls : 0));
            if (live) {
                calls += m.calls;
                m.results.forEach((k, v) -> results.merge(k, v, Integer::sum));
                m.causes.forEach((k, v) -> causes.merge(k, v, Integer::sum));
                m.errors.forEach((k, v) -> errors.merge(k, v, Integer::sum));
                v2v.addAll(m.voiceToVoice);
                bargeIn.addAll(m.bargeInStop);
            }
            if ((minute - first + 1) % SERIES_MINUTES == 0) {
                Instant from = startOf(minute - SERIES_MINUTES + 1);
                v2vSeries.add(v2v.percentiles(from));
                bargeInSeries.add(bargeIn.percentiles(from));
                allV2v.addAll(v2v);
                allBargeIn.addAll(bargeIn);
                v2v = new Samples(Integer.MAX_VALUE);
                bargeIn = new Samples(Integer.MAX_VALUE);
            }
        }
        Instant from = startOf(first);
        return new HourFigures(from, now, calls, perMinute, results, causes, errors,
                new HourFigures.Latency(allV2v.percentiles(from), v2vSeries),
                new HourFigures.Latency(allBargeIn.percentiles(from), bargeInSeries));
    }

    private static Instant startOf(long epochMinute) {
        return Instant.ofEpochSecond(epochMinute * 60);
    }

    /**
     * The pipeline stage an error message names: the call records' errors start with it
     * ({@code asr: ...}, {@code tts: ...}, {@code transfer to 8001 failed}).
     */
    static String stage(String error) {
        int end = 0;
        while (end < error.length() && Character.isLetter(error.charAt(end))) {
            end++;
        }
        return end == 0 ? "other" : error.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** One minute's calls. */
    private static final class Minute {
        final long epochMinute;
        int calls;
        final Map<String, Integer> results = new TreeMap<>();
        final Map<String, Integer> causes = new TreeMap<>();
        final Map<String, Integer> errors = new TreeMap<>();
        final Samples voiceToVoice = new Samples(MAX_SAMPLES);
        final Samples bargeInStop = new Samples(MAX_SAMPLES);

        Minute(long epochMinute) {
            this.epochMinute = epochMinute;
        }

        void add(CallRecord record) {
            calls++;
            results.merge(record.result() == null ? "none" : record.result(), 1, Integer::sum);
            if (record.hangupCause() != null) {
                causes.merge(record.hangupCause(), 1, Integer::sum);
            }
            for (String error : record.errors()) {
                errors.merge(stage(error), 1, Integer::sum);
            }
            for (TurnRecord turn : record.turns()) {
                if (turn.latency() == null) {
                    continue;
                }
                Double v2v = turn.latency().get(LatencyMark.VOICE_TO_VOICE);
                if (v2v != null) {
                    voiceToVoice.add(v2v);
                }
                Double stop = turn.latency().get(LatencyMark.BARGE_IN_STOP);
                if (stop != null) {
                    bargeInStop.add(stop);
                }
            }
        }
    }

    /** Milliseconds in arrival order, at most {@code cap} of them. */
    private static final class Samples {
        private final int cap;
        private double[] values = new double[16];
        private int size;

        Samples(int cap) {
            this.cap = cap;
        }

        void add(double value) {
            if (size == cap) {
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        void addAll(Samples other) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
        }

        /** Nearest-rank percentiles; null figures when there are no samples. */
        HourFigures.Percentiles percentiles(Instant from) {
            if (size == 0) {
                return new HourFigures.Percentiles(from, 0, null, null, null);
            }
            double[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return new HourFigures.Percentiles(from, size, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99));
        }

        private static Double rank(double[] sorted, int percent) {
            int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)];
        }
    }
}
