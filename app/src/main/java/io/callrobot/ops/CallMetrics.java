package io.callrobot.ops;

import io.callrobot.media.MediaStats;
import io.callrobot.media.PacerStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The Prometheus metrics ops watch: active calls, calls by result, turn latencies, provider errors,
 * prompt cache hits, the media pacer's punctuality.
 */
public final class CallMetrics {

    private volatile LongSupplier recordingDrops = () -> 0;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer voiceToVoice = latency("callrobot.voice_to_voice",
            "first robot frame out minus end of the caller's utterance");
    private final Timer robotOverhead = latency("callrobot.robot_overhead",
            "time inside CallRobot on the path to the first frame, providers excluded");
    private final Timer bargeInStop = latency("callrobot.barge_in_stop",
            "last robot frame sent minus first voiced caller frame of the interruption");
    private final Counter ttsCacheHits = Counter.builder("callrobot.tts.cache.hits")
            .description("TTS chunks of calls played from the prompt cache").register(registry);
    private final Counter ttsCacheMisses = Counter.builder("callrobot.tts.cache.misses")
            .description("TTS chunks of calls that went through the prompt cache and were synthesised").register(registry);
    private final Counter framesOut = Counter.builder("callrobot.media.frames.out")
            .description("robot frames sent to FreeSWITCH, counted when each call ends").register(registry);
    private final Counter underruns = Counter.builder("callrobot.media.underruns")
            .description("frame times of a playing reply with no full frame queued, counted when each call ends")
            .register(registry);
    private final AtomicInteger ready = new AtomicInteger();
    private volatile Supplier<PacerStats> pacerStats;
    private volatile StoredCallRecords storedCallRecords;
    private volatile Summaries summaries;

    public CallMetrics(IntSupplier activeCalls) {
        // strong references: a gauge holds its object weakly and would report NaN once it is collected
        Gauge.builder("callrobot.calls.active", activeCalls, IntSupplier::getAsInt)
                .description("calls in progress").strongReference(true).register(registry);
        Gauge.builder("callrobot.ready", ready, AtomicInteger::get)
                .description("1 once the server has loaded and accepts calls").strongReference(true).register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
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
            voiceToVoice.record(v2v, TimeUnit.NANOSECONDS);
        }
        long overhead = latency.robotOverheadNanos();
        if (overhead >= 0) {
            robotOverhead.record(overhead, TimeUnit.NANOSECONDS);
        }
        TtsChunks tts = latency.ttsChunks();
        if (tts != null) {
            ttsCacheHits.increment(tts.cached());
            ttsCacheMisses.increment(tts.chunks() - tts.cached());
        }
    }

    /**
     * Gauges of the prompt cache: bytes of audio held in memory, and chunks still waiting to be warmed
     * at start-up (0 once warming is over).
     */
    public void promptCache(LongSupplier bytes, IntSupplier warmPending) {
        Gauge.builder("callrobot.tts.cache.bytes", bytes, LongSupplier::getAsLong).baseUnit("bytes")
                .description("audio held by the prompt cache in memory").strongReference(true).register(registry);
        Gauge.builder("callrobot.tts.cache.warm.pending", warmPending, IntSupplier::getAsInt)
                .description("fixed prompt chunks still to be synthesised by start-up warming")
                .strongReference(true).register(registry);
    }

    /** Caller utterances whose transcription failed and was skipped, the call going on (utterance-based ASR). */
    public void asrSkippedUtterances(LongSupplier count) {
        FunctionCounter.builder("callrobot.asr.skipped.utterances", count, LongSupplier::getAsLong)
                .description("utterances whose transcription failed and was skipped").register(registry);
    }

    /**
     * The shared media pacer's punctuality, read from {@code stats} when scraped (the pacer itself
     * only fills its histogram): lateness of its 1 ms wake-ups (median, 99th percentile and worst since
     * start), its resyncs after falling behind, slots run, frames sent and calls served.
     */
    public void pacer(Supplier<PacerStats> stats) {
        pacerLateness("p50", "median", stats, PacerStats::p50LatenessNanos);
        pacerLateness("p99", "99th percentile", stats, PacerStats::p99LatenessNanos);
        pacerLateness("max", "worst", stats, PacerStats::maxLatenessNanos);
        pacerStats = stats; // a function counter holds its object weakly: this one lives as long as the registry
        FunctionCounter.builder("callrobot.pacer.resyncs", this, m -> m.pacerStats.get().resyncs())
                .description("times the pacer fell over 3 frames behind and restarted its clock").register(registry);
        FunctionCounter.builder("callrobot.pacer.ticks", this, m -> m.pacerStats.get().ticks())
                .description("1 ms slots the pacer has run").register(registry);
        FunctionCounter.builder("callrobot.pacer.frames", this, m -> m.pacerStats.get().frames())
                .description("media frames the pacer has sent, all calls together").register(registry);
        Gauge.builder("callrobot.pacer.calls", stats, s -> s.get().calls())
                .description("calls the pacer serves").strongReference(true).register(registry);
    }

    private void pacerLateness(String which, String what, Supplier<PacerStats> stats, ToLongFunction<PacerStats> nanos) {
        Gauge.builder("callrobot.pacer.lateness." + which, stats, s -> nanos.applyAsLong(s.get()) / 1e9)
                .baseUnit("seconds").strongReference(true)
                .description(what + " lateness of the pacer's wake-ups since start (50 µs buckets)").register(registry);
    }

    /** Recordings being written and frames dropped because the recorder fell behind. */
    public void recordings(IntSupplier active, LongSupplier droppedFrames) {
        recordingDrops = droppedFrames; // a function counter holds its object weakly: kept here
        FunctionCounter.builder("callrobot.recording.dropped_frames", this, m -> m.recordingDrops.getAsLong())
                .description("caller or robot frames left out of recordings because the recorder fell behind")
                .register(registry);
        Gauge.builder("callrobot.recording.active", active, IntSupplier::getAsInt)
                .description("recordings being written").strongReference(true).register(registry);
    }

    /**
     * The saving of call records to the store: saved, failed tries (the database refused or was
     * unreachable; the record is tried again), dropped (only in the call log), and waiting.
     */
    public void storedCallRecords(LongSupplier saved, LongSupplier failures, LongSupplier dropped, IntSupplier queued) {
        // a function counter holds its object weakly: the suppliers are kept here, as long as the registry
        storedCallRecords = new StoredCallRecords(saved, failures, dropped);
        FunctionCounter.builder("callrobot.store.call_records.saved", this,
                m -> m.storedCallRecords.saved().getAsLong())
                .description("call records saved to the store").register(registry);
        FunctionCounter.builder("callrobot.store.call_records.failures", this,
                m -> m.storedCallRecords.failures().getAsLong())
                .description("tries to save a call record to the store that failed").register(registry);
        FunctionCounter.builder("callrobot.store.call_records.dropped", this,
                m -> m.storedCallRecords.dropped().getAsLong())
                .description("call records not saved to the store (they are in the call log)").register(registry);
        Gauge.builder("callrobot.store.call_records.queued", queued, IntSupplier::getAsInt)
                .description("call records waiting to be saved to the store").strongReference(true).register(registry);
    }

    private record StoredCallRecords(LongSupplier saved, LongSupplier failures, LongSupplier dropped) {
    }

    /**
     * Post-call summaries by outcome: {@code done} (the LLM gave one), {@code failed} (it failed,
     * timed out or answered nothing usable) and {@code dropped} (too many calls were waiting).
     */
    public void summaries(LongSupplier done, LongSupplier failed, LongSupplier dropped) {
        // a function counter holds its object weakly: the suppliers are kept here, as long as the registry
        summaries = new Summaries(done, failed, dropped);
        FunctionCounter.builder("callrobot.summaries", this, m -> m.summaries.done().getAsLong())
                .tag("outcome", "done").description("post-call summaries by outcome").register(registry);
        FunctionCounter.builder("callrobot.summaries", this, m -> m.summaries.failed().getAsLong())
                .tag("outcome", "failed").description("post-call summaries by outcome").register(registry);
        FunctionCounter.builder("callrobot.summaries", this, m -> m.summaries.dropped().getAsLong())
                .tag("outcome", "dropped").description("post-call summaries by outcome").register(registry);
    }

    private record Summaries(LongSupplier done, LongSupplier failed, LongSupplier dropped) {
    }

    /** An ended call's media: frames sent and underruns (what the caller heard as gaps). */
    public void callMedia(MediaStats media) {
        framesOut.increment(media.framesOut());
        underruns.increment(media.underruns());
    }

    /** The gauge of campaign calls this robot has placed that have not ended. */
    public void dialerInFlight(IntSupplier inFlight) {
        Gauge.builder("callrobot.dialer.in_flight", inFlight, IntSupplier::getAsInt)
                .description("campaign calls placed by this robot that have not ended").strongReference(true)
                .register(registry);
    }

    /** From the caller's first voiced frame of an interruption to the robot's stop. */
    public void bargeInStop(long stopNanos) {
        bargeInStop.record(stopNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Caller sound over the robot, by outcome: {@code interrupted}, {@code resumed} (it paused the
     * robot but held no words) or {@code ignored} (a backchannel, or an uninterruptible prompt).
     */
    public void bargeIn(String outcome) {
        Counter.builder("callrobot.barge_ins").description("caller sound over the robot, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** A provider or protocol failure, by pipeline stage ({@code asr}, {@code llm}, {@code tts}, {@code esl}, {@code media}, {@code dialog}). */
    public void error(String stage) {
        Counter.builder("callrobot.errors").description("failures by pipeline stage")
                .tag("stage", stage).register(registry).increment();
    }

    /** The gauge of connections the ops HTTP endpoint holds open. */
    public void httpConnections(IntSupplier open) {
        Gauge.builder("callrobot.http.connections.open", open, IntSupplier::getAsInt)
                .description("connections open to the ops HTTP endpoint").strongReference(true).register(registry);
    }

    /**
     * A connection the ops HTTP endpoint closed itself, by reason: {@code over_limit} (refused at
     * {@code http.maxConnections}), {@code idle}, {@code request_timeout} or {@code bad_request}.
     */
    public void httpConnectionClosed(String reason) {
        Counter.builder("callrobot.http.connections.closed").description("connections the ops HTTP endpoint closed, by reason")
                .tag("reason", reason).register(registry).increment();
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
