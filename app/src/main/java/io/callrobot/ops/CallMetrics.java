package io.callrobot.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** The Prometheus metrics ops watch: active calls, calls by result, turn latencies, provider errors. */
public final class CallMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DistributionSummary voiceToVoice = latency("callrobot.voice_to_voice",
            "first robot frame out minus end of the caller's utterance");
    private final DistributionSummary robotOverhead = latency("callrobot.robot_overhead",
            "time inside CallRobot on the path to the first frame, providers excluded");
    private final DistributionSummary bargeInStop = latency("callrobot.barge_in_stop",
            "last robot frame sent minus first voiced caller frame of the interruption");
    private final AtomicInteger ready = new AtomicInteger();

    public CallMetrics(IntSupplier activeCalls) {
        Gauge.builder("callrobot.calls.active", activeCalls, IntSupplier::getAsInt)
                .description("calls in progress").register(registry);
        Gauge.builder("callrobot.ready", ready, AtomicInteger::get)
                .description("1 once the server has loaded and accepts calls").register(registry);
    }

    private DistributionSummary latency(String name, String description) {
        return DistributionSummary.builder(name).baseUnit("seconds").description(description)
                .publishPercentileHistogram().minimumExpectedValue(0.0005).maximumExpectedValue(10.0)
                .register(registry);
    }

    /** Counts an ended call under its result tag. */
    public void callEnded(String result) {
        Counter.builder("callrobot.calls").description("ended calls by result tag")
                .tag("result", result == null ? "none" : result).register(registry).increment();
    }

    public void turn(TurnLatency latency) {
        long v2v = latency.voiceToVoiceNanos();
        if (v2v >= 0) {
            voiceToVoice.record(v2v / 1e9);
        }
        long overhead = latency.robotOverheadNanos();
        if (overhead >= 0) {
            robotOverhead.record(overhead / 1e9);
        }
    }

    public void bargeIn(long stopNanos) {
        bargeInStop.record(stopNanos / 1e9);
    }

    /** A provider or protocol failure, by pipeline stage ({@code asr}, {@code llm}, {@code tts}, {@code esl}, {@code media}, {@code dialog}). */
    public void error(String stage) {
        Counter.builder("callrobot.errors").description("failures by pipeline stage")
                .tag("stage", stage).register(registry).increment();
    }

    public void setReady(boolean value) {
        ready.set(value ? 1 : 0);
    }

    public boolean ready() {
        return ready.get() == 1;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
