package io.callrobot.call;

import io.callrobot.dialog.BargeIn;
import io.callrobot.dialog.FlowInfo;
import io.callrobot.dialog.NextStep;
import io.callrobot.dialog.ReplyOptions;
import io.callrobot.dialog.ReplySink;
import io.callrobot.media.PlayoutQueue;
import io.callrobot.media.Resampler;
import io.callrobot.ops.LatencyMark;
import io.callrobot.ops.TurnLatency;
import io.callrobot.tts.TextChunk;
import io.callrobot.text.TextChunker;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One robot reply on its way out: dialog text -> chunker -> TTS stream -> resampler -> playout
 * queue. Dialog text may arrive on an LLM thread and audio on TTS threads, so the methods are
 * synchronized; what the call must react to goes back through {@link Owner} on the call's executor.
 */
final class RobotTurn implements ReplySink {

    /** The call's side of a turn. */
    interface Owner {
        /** The reply's prompt says how it may be interrupted; called on the dialog's thread. */
        void bargeIn(RobotTurn turn, BargeIn bargeIn);

        void replyEnded(RobotTurn turn, NextStep next);

        void ttsFailed(RobotTurn turn, Throwable error);

        /** The dialog could not produce the reply as planned (it speaks a fallback). */
        void replyDegraded(RobotTurn turn, String why);
    }

    private final int turnId;
    private final String callId;
    private final FlowInfo flow;
    private final TtsEngine tts;
    private final PlayoutQueue playout;
    private final TurnLatency latency;
    private final TextChunker chunker;
    private final ScheduledExecutorService scheduler;
    private final Owner owner;
    private TtsStream stream;
    private int chunks;
    private boolean cancelled;
    private boolean ended;
    private ScheduledFuture<?> idleFlush;
    private final StringBuilder spoken = new StringBuilder();
    /**
     * Guards the audio side. TTS streams call back while holding their own lock, and this turn
     * calls into the stream while holding its monitor: audio callbacks must not take the monitor,
     * or the two threads deadlock (monitor -> stream lock vs stream lock -> monitor).
     */
    private final Object audioLock = new Object();
    private boolean audioStopped;
    private Resampler resampler;
    private int resamplerRate;
    private TextChunk segment;

    RobotTurn(int turnId, String callId, FlowInfo flow, TtsEngine tts, PlayoutQueue playout,
            TurnLatency latency, TextChunker chunker, ScheduledExecutorService scheduler, Owner owner) {
        this.turnId = turnId;
        this.callId = callId;
        this.flow = flow;
        this.tts = tts;
        this.playout = playout;
        this.latency = latency;
        this.chunker = chunker;
        this.scheduler = scheduler;
        this.owner = owner;
    }

    int id() {
        return turnId;
    }

    TurnLatency latency() {
        return latency;
    }

    /** All text the dialog produced for this turn (what would be heard if nobody interrupts). */
    synchronized String text() {
        return spoken.toString();
    }

    @Override
    public synchronized void begin(ReplyOptions options) {
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
    public synchronized void text(String delta) {
        if (cancelled || delta.isEmpty()) {
            return;
        }
        spoken.append(delta);
        long arrived = System.nanoTime();
        List<String> ready = chunker.offer(delta, arrived);
        markFirstChunk(ready, arrived);
        send(ready);
        scheduleIdleFlush();
    }

    @Override
    public synchronized void end(NextStep next) {
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

    /** Barge-in or hangup: stop synthesis; the playout queue is cleared by the caller. */
    synchronized void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        cancelIdleFlush();
        synchronized (audioLock) {
            audioStopped = true; // no audio callback writes to the playout queue after this
        }
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
                latency.mark(LatencyMark.TTS_FIRST_TEXT, System.nanoTime());
            }
            stream.send(new TextChunk(chunks++, text));
        }
    }

    /** An LLM that stalls mid-sentence must not leave the caller in silence: flush at the chunker's deadline. */
    private void scheduleIdleFlush() {
        cancelIdleFlush();
        long deadline = chunker.deadlineNanos();
        if (deadline != Long.MAX_VALUE) {
            idleFlush = scheduler.schedule(this::flushIdle, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void flushIdle() {
        if (!cancelled && !ended) {
            long due = chunker.deadlineNanos();
            List<String> ready = chunker.poll(System.nanoTime());
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
            idleFlush.cancel(false);
            idleFlush = null;
        }
    }

    private final class Audio extends TtsListener {

        @Override
        public void onChunkSource(TextChunk chunk, boolean cached) {
            latency.ttsChunk(cached);
        }

        @Override
        public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
            synchronized (audioLock) {
                if (audioStopped) {
                    return;
                }
                latency.mark(LatencyMark.TTS_FIRST_AUDIO, System.nanoTime());
                if (segment == null || segment.index() != chunk.index()) {
                    segment = chunk;
                    playout.beginSegment(turnId, chunk.text());
                }
                short[] out = resampler(sampleRate).process(pcm, 0, pcm.length);
                playout.write(turnId, out, 0, out.length);
            }
        }

        @Override
        public void onChunkDone(TextChunk chunk) {
            synchronized (audioLock) {
                if (audioStopped) {
                    return;
                }
                // Each chunk is a separate utterance from the provider: flush the filter tail into it.
                if (resampler != null) {
                    short[] tail = resampler.flush();
                    playout.write(turnId, tail, 0, tail.length);
                }
                playout.endSegment(turnId);
            }
        }

        @Override
        public void onComplete() {
            synchronized (audioLock) {
                if (!audioStopped) {
                    playout.endTurn(turnId);
                }
            }
        }

        @Override
        public void onFailure(Throwable error) {
            synchronized (audioLock) {
                if (audioStopped) {
                    return;
                }
                playout.endTurn(turnId);
            }
            owner.ttsFailed(RobotTurn.this, error);
        }
    }

    private Resampler resampler(int sampleRate) {
        if (resampler == null || resamplerRate != sampleRate) {
            resampler = playout.resamplerFrom(sampleRate);
            resamplerRate = sampleRate;
        }
        return resampler;
    }
}
