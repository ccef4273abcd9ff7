package io.callrobot.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.net.ProviderJson;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.SummaryRecord;
import io.callrobot.time.CallClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the LLM for one summary of each ended call whose flow has a {@code summary:} block, after
 * the call's record is written. Calls only queue their record ({@link #accept}): requests start on
 * the executor given, at most {@link Limits#concurrent} at a time; the surplus waits in order, and
 * past {@link Limits#waiting} a call gets no summary (counted, logged, and recorded as its summary
 * error). Each request has {@link Limits#timeout} to finish; a failure or time-out is the call's
 * summary error, never tried again. The results go to {@code results}, which must not block.
 */
public final class Summarizer implements Consumer<CallRecord>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Summarizer.class);
    private static final ObjectMapper JSON = ProviderJson.mapper();
    /** How much of a malformed answer an error quotes. */
    private static final int QUOTED = 200;

    /**
     * @param concurrent requests streaming at once
     * @param waiting    calls waiting for one of them before more are dropped
     * @param timeout    longest a request may take, from its start to its last token
     */
    public record Limits(int concurrent, int waiting, Duration timeout) {

        /** Four streams, a thousand waiting (two campaigns' worth of ending calls), a minute each. */
        public static final Limits DEFAULTS = new Limits(4, 1000, Duration.ofSeconds(60));

        public Limits {
            if (concurrent < 1 || waiting < 0 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("summary limits: concurrent >= 1, waiting >= 0 and a positive"
                        + " timeout are needed: " + concurrent + ", " + waiting + ", " + timeout);
            }
        }
    }

    private final LlmEngine llm;
    private final Function<String, Optional<SummaryPrompt>> prompts;
    private final Consumer<SummaryRecord> results;
    private final CallClock clock;
    private final Executor executor;
    private final Limits limits;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Guarded by {@code this}: the jobs streaming, those waiting, and whether closed. */
    private final Set<Job> running = new HashSet<>();
    private final Queue<Job> waiting = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param prompts  the summary a flow asks for, by flow name (empty: none)
     * @param results  told of each summary or summary error, on the executor's or a provider's thread
     * @param executor where requests start and results are handed on, never a call's own
     */
    public Summarizer(LlmEngine llm, Function<String, Optional<SummaryPrompt>> prompts,
            Consumer<SummaryRecord> results, CallClock clock, Executor executor, Limits limits) {
        this.llm = llm;
        this.prompts = prompts;
        this.results = results;
        this.clock = clock;
        this.executor = executor;
        this.limits = limits;
    }

    /** Queues the call for its summary if its flow asks for one and words were said; never blocks. */
    @Override
    public void accept(CallRecord record) {
        Optional<SummaryPrompt> prompt = prompts.apply(record.flow());
        if (prompt.isEmpty() || !SummaryInput.hasWords(record)) {
            return;
        }
        Job job = new Job(record, prompt.get());
        boolean start = false;
        boolean queued = false;
        boolean over;
        synchronized (this) {
            over = closed;
            if (!closed && running.size() < limits.concurrent()) {
                running.add(job);
                start = true;
            } else if (!closed && waiting.size() < limits.waiting()) {
                waiting.add(job);
                queued = true;
            }
        }
        if (start) {
            executor.execute(() -> start(job));
        } else if (over) {
            log.warn("summary: closed; call {} gets no summary", record.uuid());
        } else if (!queued) {
            dropped.incrementAndGet();
            log.warn("summary: {} calls wait for the LLM; call {} gets no summary", limits.waiting(), record.uuid());
            results.accept(new SummaryRecord(record.uuid(), null,
                    "not summarised: " + limits.waiting() + " calls were waiting for the LLM"));
        }
    }

    /** Summaries the LLM gave. */
    public long done() {
        return done.get();
    }

    /** Summaries that failed: the LLM failed, timed out, or answered nothing usable. */
    public long failed() {
        return failed.get();
    }

    /** Calls not summarised because too many were waiting. */
    public long dropped() {
        return dropped.get();
    }

    private void start(Job job) {
        job.timer = clock.schedule(() -> executor.execute(() -> finish(job, null,
                "the LLM did not answer within " + limits.timeout().toSeconds() + " s")),
                limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            job.call = llm.stream(SummaryInput.request(job.record, job.prompt), new Answer(job));
        } catch (RuntimeException e) {
            finish(job, null, "cannot ask the LLM: " + e.getMessage());
        }
        if (job.finished.get() && job.call != null) {
            job.call.cancel(); // timed out before the stream was even returned
        }
    }

    /** Ends a job once (answer, failure or time-out, whichever comes first), then starts the next waiting. */
    private void finish(Job job, String answer, String error) {
        if (!job.finished.compareAndSet(false, true)) {
            return;
        }
        cancel(job);
        String problem = error != null ? error : problem(answer, job.prompt);
        if (problem == null) {
            done.incrementAndGet();
            results.accept(new SummaryRecord(job.record.uuid(), answer.strip(), null));
        } else {
            failed.incrementAndGet();
            log.warn("summary of call {}: {}", job.record.uuid(), problem);
            results.accept(new SummaryRecord(job.record.uuid(), null, problem));
        }
        Job next;
        synchronized (this) {
            running.remove(job);
            next = closed ? null : waiting.poll();
            if (next != null) {
                running.add(next);
            }
        }
        if (next != null) {
            start(next);
        }
    }

    /** What is wrong with an answer, or null if it is a summary. */
    private static String problem(String answer, SummaryPrompt prompt) {
        if (answer.isBlank()) {
            return "the LLM answered nothing";
        }
        if (prompt.json()) {
            try {
                if (!JSON.readTree(answer).isObject()) {
                    return "the LLM's answer is not a JSON object: " + quoted(answer);
                }
            } catch (JsonProcessingException e) {
                return "the LLM's answer is not a JSON object: " + quoted(answer);
            }
        }
        return null;
    }

    private static String quoted(String answer) {
        String line = answer.strip().replace('\n', ' ');
        return line.length() <= QUOTED ? line : line.substring(0, QUOTED) + "…";
    }

    private static void cancel(Job job) {
        CallClock.Timer timer = job.timer;
        if (timer != null) {
            timer.cancel();
        }
        LlmCall call = job.call;
        if (call != null) {
            call.cancel(); // idempotent; after the terminal callback it has nothing to stop
        }
    }

    /** Stops the requests under way and forgets those waiting: calls ending from now on get no summary. */
    @Override
    public void close() {
        List<Job> stopped;
        int forgotten;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopped = new ArrayList<>(running);
            forgotten = waiting.size();
            running.clear();
            waiting.clear();
        }
        for (Job job : stopped) {
            if (job.finished.compareAndSet(false, true)) {
                cancel(job);
            }
        }
        if (!stopped.isEmpty() || forgotten > 0) {
            log.warn("summary: closing; {} calls under way and {} waiting get no summary", stopped.size(), forgotten);
        }
    }

    /** One call's summary. */
    private static final class Job {

        final CallRecord record;
        final SummaryPrompt prompt;
        final AtomicBoolean finished = new AtomicBoolean();
        volatile CallClock.Timer timer;
        volatile LlmCall call;

        Job(CallRecord record, SummaryPrompt prompt) {
            this.record = record;
            this.prompt = prompt;
        }
    }

    /** Collects the streamed tokens into the answer; the end is handed to the executor. */
    private final class Answer extends LlmListener {

        private final Job job;
        private final StringBuilder text = new StringBuilder();

        Answer(Job job) {
            this.job = job;
        }

        @Override
        public void onToken(String token) {
            synchronized (text) {
                text.append(token);
            }
        }

        @Override
        public void onComplete() {
            String answer;
            synchronized (text) {
                answer = text.toString();
            }
            executor.execute(() -> finish(job, answer, null));
        }

        @Override
        public void onFailure(Throwable error) {
            executor.execute(() -> finish(job, null, "the LLM failed: " + error.getMessage()));
        }
    }
}
