package io.callrobot.call;

import io.callrobot.dialog.BargeIn;
import io.callrobot.dialog.FlowInfo;
import io.callrobot.dialog.NextStep;
import io.callrobot.dialog.ReplyOptions;
import io.callrobot.dialog.ReplySink;
import io.callrobot.llm.LlmUsage;
import io.callrobot.media.PlayoutQueue;
import io.callrobot.media.Resampler;
import io.callrobot.ops.LatencyMark;
import io.callrobot.ops.TurnLatency;
import io.callrobot.time.CallClock;
import io.callrobot.time.OwnerTimers;
import io.callrobot.tts.TextChunk;
import io.callrobot.text.TextChunker;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One robot reply on its way out: dialog text -> chunker -> TTS stream -> resampler -> playout
 * queue. The text side lives on the call's thread, where the dialog calls it, so it needs no lock.
 * The audio side ({@link Audio}) runs on the TTS stream's delivery thread and writes straight into
 * the playout queue under this turn's id, which the queue refuses once the turn is cut or a later
 * turn has started (docs/THREADS.md, fast path 2).
 */
final class RobotTurn implements ReplySink {

    /** The call's side of a turn; called on the call's thread. */
    interface Owner {
        /** The reply's prompt says how it may be interrupted. */
        void bargeIn(RobotTurn turn, BargeIn bargeIn);

        /** The reply's text grew: {@code soFar} is all of it the dialog has written. */
        void replyText(RobotTurn turn, String soFar);

        void replyEnded(RobotTurn turn, NextStep next);

        void ttsFailed(RobotTurn turn, Throwable error);

        /** The dialog could not produce the reply as planned (it speaks a fallback). */
        void replyDegraded(RobotTurn turn, String why);

        /** The dialog presses keys on the call while the reply goes on. */
        void replyDtmf(RobotTurn turn, String digits);
    }

    private final int turnId;
    private final String callId;
    private final FlowInfo flow;
    private final TtsEngine tts;
    private final PlayoutQueue playout;
    private final TurnLatency latency;
    private final TextChunker chunker;
    private final Executor callThread;
    private final OwnerTimers timers;
    private final Owner owner;
    private final StringBuilder spoken = new StringBuilder();
    private TtsStream stream;
    private int chunks;
    private boolean cancelled;
    private boolean ended;
    private CallClock.Timer idleFlush;

    RobotTurn(int turnId, String callId, FlowInfo flow, TtsEngine tts, PlayoutQueue playout, TurnLatency latency,
            TextChunker chunker, Executor callThread, OwnerTimers timers, Owner owner) {
        this.turnId = turnId;
        this.callId = callId;
        this.flow = flow;
        this.tts = tts;
        this.playout = playout;
        this.latency = latency;
        this.chunker = chunker;
        this.callThread = callThread;
        this.timers = timers;
        this.owner = owner;
    }

    int id() {
        return turnId;
    }

    TurnLatency latency() {
        return latency;
    }

    /** All text the dialog produced for this turn (what would be heard if nobody interrupts). */
    String text() {
        return spoken.toString();
    }

    @Override
    public void begin(ReplyOptions options) {
        if (cancelled) {
            return;
        }
        owner.bargeIn(this, options.bargeIn());
        stream = tts.open(ttsRequest(callId, flow, options), new Audio());
    }

    /** How a reply of {@code flow} with {@code options} is synthesised; the prompt cache warms with the same. */
    static TtsRequest ttsRequest(String callId, FlowInfo flow, ReplyOptions options) {
        double speed = options.speed() == null ? 1.0 : options.speed();
        String voice = options.voice() != null ? options.voice() : flow.voice();
        return new TtsRequest(callId, flow.language(), voice, options.emotion(), speed);
    }

    @Override
    public void text(String delta) {
        if (cancelled || delta.isEmpty()) {
            return;
        }
        spoken.append(delta);
        owner.replyText(this, spoken.toString());
        long arrived = timers.nanoTime();
        List<String> ready = chunker.offer(delta, arrived);
        markFirstChunk(ready, arrived);
        send(ready);
        scheduleIdleFlush();
    }

    @Override
    public void end(NextStep next) {
        if (cancelled) {
            return;
        }
        ended = true;
        cancelIdleFlush();
        send(chunker.finish());
        if (chunks == 0) {
            if (stream != null) {
                stream.cancel();
            }
            playout.endTurn(turnId);
        } else {
            stream.finish();
        }
        owner.replyEnded(this, next);
    }

    @Override
    public void degraded(String why) {
        owner.replyDegraded(this, why);
    }

    @Override
    public void sendDtmf(String digits) {
        owner.replyDtmf(this, digits);
    }

    @Override
    public void llmRequested(long nanoTime) {
        latency.mark(LatencyMark.LLM_REQUEST, nanoTime);
    }

    @Override
    public void llmFirstToken(long nanoTime) {
        latency.mark(LatencyMark.LLM_FIRST_TOKEN, nanoTime);
    }

    @Override
    public void llmUsage(LlmUsage usage) {
        latency.llmUsage(usage);
    }

    /** Barge-in or hangup: stop synthesis and drop what it still delivers; the playout queue is cleared by the caller. */
    void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        cancelIdleFlush();
        if (stream != null) {
            stream.cancel();
        }
    }

    private void send(List<String> ready) {
        if (stream == null) {
            begin(ReplyOptions.DEFAULT);
        }
        for (String text : ready) {
            if (chunks == 0) {
                latency.mark(LatencyMark.TTS_FIRST_TEXT, timers.nanoTime());
            }
            stream.send(new TextChunk(chunks++, text));
        }
    }

    /** An LLM that stalls mid-sentence must not leave the caller in silence: flush at the chunker's deadline. */
    private void scheduleIdleFlush() {
        cancelIdleFlush();
        long deadline = chunker.deadlineNanos();
        if (deadline != Long.MAX_VALUE) {
            idleFlush = timers.schedule(this::flushIdle, deadline - timers.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    private void flushIdle() {
        if (!cancelled && !ended) {
            long due = chunker.deadlineNanos();
            List<String> ready = chunker.poll(timers.nanoTime());
            markFirstChunk(ready, due);
            send(ready);
            scheduleIdleFlush();
        }
    }

    /** When an LLM's text first makes a chunk, the wait before it was the provider's, not ours. */
    private void markFirstChunk(List<String> ready, long nanos) {
        if (chunks == 0 && !ready.isEmpty() && latency.has(LatencyMark.LLM_FIRST_TOKEN)) {
            latency.mark(LatencyMark.LLM_FIRST_CHUNK, nanos);
        }
    }

    private void cancelIdleFlush() {
        if (idleFlush != null) {
            idleFlush.cancel();
            idleFlush = null;
        }
    }

    private void failed(Throwable error) {
        if (!cancelled) {
            owner.ttsFailed(this, error);
        }
    }

    /**
     * The audio side of the turn, on the TTS stream's delivery thread (one callback at a time, in
     * order): resamples each chunk and queues it under this turn's id, the playout fast path. The
     * queue refuses the audio once the turn is cut or the call has started a later turn, so audio a
     * provider still delivers after a barge-in or a cancel never plays, and no hop through the
     * call's executor delays the first frame. Only a failure goes to the call's thread.
     */
    private final class Audio extends TtsListener {
        private Resampler resampler;
        private int resamplerRate;
        private TextChunk segment;

        @Override
        public void onChunkSource(TextChunk chunk, boolean cached) {
            latency.ttsChunk(cached);
        }

        @Override
        public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
            latency.mark(LatencyMark.TTS_FIRST_AUDIO, timers.nanoTime());
            if (segment == null || segment.index() != chunk.index()) {
                segment = chunk;
                playout.beginSegment(turnId, chunk.text());
            }
            short[] out = resampler(sampleRate).process(pcm, 0, pcm.length);
            playout.write(turnId, out, 0, out.length);
        }

        @Override
        public void onChunkDone(TextChunk chunk) {
            // Each chunk is a separate utterance from the provider: flush the filter tail into it.
            if (resampler != null) {
                short[] tail = resampler.flush();
                playout.write(turnId, tail, 0, tail.length);
            }
            playout.endSegment(turnId);
        }

        @Override
        public void onComplete() {
            playout.endTurn(turnId);
        }

        @Override
        public void onFailure(Throwable error) {
            playout.endTurn(turnId);
            callThread.execute(() -> failed(error));
        }

        private Resampler resampler(int sampleRate) {
            if (resampler == null || resamplerRate != sampleRate) {
                resampler = playout.resamplerFrom(sampleRate);
                resamplerRate = sampleRate;
            }
            return resampler;
        }
    }
}
