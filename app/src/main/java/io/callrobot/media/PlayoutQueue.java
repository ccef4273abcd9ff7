package io.callrobot.media;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Robot speech of one call waiting to be sent, at the call's sample rate. TTS threads append
 * audio grouped by turn and by text segment (audio at another rate goes through
 * {@link #resamplerFrom}); the pacer takes one frame per frame time. Because every
 * sample is attributed to its segment, an interruption can tell which text the caller heard.
 *
 * <p>The queue keeps references to the arrays passed to {@code write} (no copy): callers must
 * not modify them afterwards. Turns play strictly in the order they were first written; a frame
 * never mixes two turns (the tail of a turn is padded with silence). Queued audio is bounded by
 * {@link MediaConfig#maxPlayoutSeconds()}; audio beyond it is dropped and counted, writers never
 * block. Audio for stale turns (older than the turn the call started last, or at or below the
 * last ended or interrupted turn) is dropped and counted.
 *
 * <p>A barge-in must not stop the waveform dead, which is heard as a click: {@link #interrupt(int)}
 * keeps the next {@value #CUT_FADE_MILLIS} ms of the turn being sent, faded out with a raised
 * cosine, and the next frame taken is that fade followed by silence. So playback still stops
 * within one frame, and the only robot audio added is that fade.
 */
public final class PlayoutQueue {

    private static final Logger log = LoggerFactory.getLogger(PlayoutQueue.class);
    private static final PlayoutListener NO_LISTENER = new PlayoutListener() {
    };
    /** Length of the fade-out sent after an interruption. */
    static final int CUT_FADE_MILLIS = 5;

    private final int sampleRate;
    private final long maxSamples;
    private final int leadSamples;
    private final ResamplerFactory resamplers;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Turn> turns = new ArrayDeque<>();
    private volatile PlayoutListener listener = NO_LISTENER;

    // guarded by lock
    private long queuedSamples;
    private boolean paused;
    private int staleFloor = Integer.MIN_VALUE;
    private int newestTurn = Integer.MIN_VALUE;
    private volatile long underruns;
    /** Set when {@link #take} found nothing to send, cleared when audio or a turn end arrives. */
    private volatile boolean idle;
    private volatile long droppedSamples;
    private volatile long staleSamples;
    /** The faded continuation of an interrupted turn, sent as the next frame; guarded by lock. */
    private final short[] cutTail;
    private int cutTailLength;
    /** Samples of the fade-in after a resume still to be applied. */
    private int fadeInLeft;

    // touched only by the pacer thread (take and firePending)
    private boolean firstFramePending;
    private int firstFrameTurn;
    private final ArrayDeque<Turn> playedPending = new ArrayDeque<>();

    /**
     * @param leadMillis audio a turn must have queued before its first frame, and again after an
     *                   underrun, unless its latest chunk is complete: a provider streaming at real
     *                   time then has that much slack before a late block is heard as a gap
     */
    PlayoutQueue(int sampleRate, int maxPlayoutSeconds, int leadMillis, ResamplerFactory resamplers) {
        this.leadSamples = sampleRate * leadMillis / 1000;
        this.sampleRate = sampleRate;
        this.maxSamples = (long) sampleRate * maxPlayoutSeconds;
        this.resamplers = resamplers;
        this.cutTail = new short[sampleRate * CUT_FADE_MILLIS / 1000];
    }

    /**
     * A converter from {@code inRate} to this queue's rate, for one audio stream; its filter
     * table is shared with the converters of all other calls.
     *
     * @throws IllegalArgumentException for a rate that is not positive or a ratio needing too many phases
     */
    public Resampler resamplerFrom(int inRate) {
        return resamplers.create(inRate, sampleRate);
    }

    public void setListener(PlayoutListener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
    }

    /** Starts a new text segment of {@code turnId}; following writes for the turn belong to it. */
    public void beginSegment(int turnId, String text) {
        lock.lock();
        try {
            Turn turn = openTurn(turnId);
            if (turn != null) {
                turn.beginSegment(text);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Appends audio to the current segment of {@code turnId} (an untitled segment if none was begun). */
    public void write(int turnId, short[] pcm, int off, int len) {
        lock.lock();
        try {
            Turn turn = openTurn(turnId);
            if (turn == null) {
                staleSamples += len;
                return;
            }
            append(turn, turn.currentSegment(), pcm, off, len);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends audio of the segment {@code segmentText}; a different String instance than the
     * turn's current segment (or a closed segment) starts a new segment.
     */
    public void write(int turnId, String segmentText, short[] pcm, int off, int len) {
        lock.lock();
        try {
            Turn turn = openTurn(turnId);
            if (turn == null) {
                staleSamples += len;
                return;
            }
            Segment current = turn.lastSegment();
            if (current == null || current.closed || current.text != segmentText) {
                turn.beginSegment(segmentText);
            }
            append(turn, turn.currentSegment(), pcm, off, len);
        } finally {
            lock.unlock();
        }
    }

    /** No more audio for the current segment of {@code turnId}: its length is now known. */
    public void endSegment(int turnId) {
        lock.lock();
        try {
            Turn turn = find(turnId);
            if (turn != null) {
                turn.closeSegment();
            }
        } finally {
            lock.unlock();
        }
    }

    /** No more audio for {@code turnId}; once all of it is sent the listener hears {@code onTurnPlayed}. */
    public void endTurn(int turnId) {
        lock.lock();
        try {
            Turn turn = openTurn(turnId);
            if (turn != null) {
                turn.closeSegment();
                turn.ended = true;
                idle = false;
            }
            staleFloor = Math.max(staleFloor, turnId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The call began robot turn {@code turnId}: every older turn is over (played or cut), so any
     * audio of one that still arrives is stale, whatever the order providers deliver in.
     */
    public void startTurn(int turnId) {
        lock.lock();
        try {
            staleFloor = Math.max(staleFloor, turnId - 1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Barge-in on {@code turnId}: drops all queued audio and marks that turn and every turn seen so
     * far stale, including a turn whose audio has not arrived yet. If a turn was being sent, the
     * next frame is a {@value #CUT_FADE_MILLIS} ms fade-out of its continuation then silence;
     * nothing more is sent after it. Returns what was heard of the turn at the head of the queue
     * (the fade-out is too short to carry text and is not counted).
     */
    public Heard interrupt(int turnId) {
        lock.lock();
        try {
            staleFloor = Math.max(staleFloor, turnId);
            Turn head = turns.peekFirst();
            Heard heard = head == null ? Heard.NOTHING : new Heard(head.id, head.heardText(), true);
            if (head != null && head.started && !paused) { // a pause has faded out already
                cutTailLength = fadeOut(cutTail, head.peek(cutTail));
                idle = false;
            }
            staleFloor = Math.max(staleFloor, newestTurn);
            turns.clear();
            queuedSamples = 0;
            paused = false;
            fadeInLeft = 0;
            return heard;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds playout: like {@link #interrupt(int)}, the next frame fades out what was playing, then the
     * pacer sends nothing (no underrun is counted) while writers keep queueing, so
     * {@link #resume} continues exactly where the caller stopped hearing, fading back in.
     * {@link #interrupt(int)} also ends a pause.
     */
    public void pause() {
        lock.lock();
        try {
            if (paused) {
                return;
            }
            Turn head = turns.peekFirst();
            if (head != null && head.started) {
                cutTailLength = fadeOut(cutTail, head.peek(cutTail));
                idle = false;
            }
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a {@link #pause}; the first {@value #CUT_FADE_MILLIS} ms after it fade in. */
    public void resume() {
        lock.lock();
        try {
            if (paused) {
                paused = false;
                idle = false;
                fadeInLeft = cutTail.length;
            }
        } finally {
            lock.unlock();
        }
    }

    /** True while a turn is being sent or has audio waiting to be sent. */
    public boolean playing() {
        lock.lock();
        try {
            Turn head = turns.peekFirst();
            return head != null && (head.started || head.unsent > 0);
        } finally {
            lock.unlock();
        }
    }

    /** Samples waiting to be sent. */
    public long queuedSamples() {
        lock.lock();
        try {
            return queuedSamples;
        } finally {
            lock.unlock();
        }
    }

    long underruns() {
        return underruns;
    }

    long droppedSamples() {
        return droppedSamples;
    }

    long staleSamples() {
        return staleSamples;
    }

    /**
     * Pacer side, without locking: true when the last {@link #take} found nothing to send and
     * nothing was queued since, so a take now would find nothing either.
     */
    boolean idle() {
        return idle;
    }

    /**
     * Pacer side: fills {@code frame[0..frameSamples)} with the next frame and returns
     * {@code frameSamples}, or returns 0 when nothing is to be sent now. A started turn lacking a
     * full frame counts as an underrun only when the frame is {@code due}. Allocates nothing.
     */
    int take(short[] frame, int frameSamples, boolean due) {
        lock.lock();
        try {
            if (cutTailLength > 0) {
                int n = Math.min(cutTailLength, frameSamples);
                System.arraycopy(cutTail, 0, frame, 0, n);
                Arrays.fill(frame, n, frameSamples, (short) 0);
                cutTailLength = 0;
                return frameSamples;
            }
            if (paused) {
                idle = true;
                return 0;
            }
            while (true) {
                Turn turn = turns.peekFirst();
                if (turn == null) {
                    idle = true;
                    return 0;
                }
                if (turn.unsent == 0 && turn.ended) {
                    finish(turns.pollFirst());
                    continue;
                }
                if (turn.unsent < frameSamples && !turn.ended) {
                    if (turn.started && due) {
                        underruns++;
                        turn.buffering = true;
                    }
                    idle = true;
                    return 0;
                }
                if (turn.buffering && turn.unsent < leadSamples && !turn.ended && !turn.lastSegmentComplete()) {
                    if (turn.started && due) {
                        underruns++;
                    }
                    idle = true;
                    return 0;
                }
                turn.buffering = false;
                int copied = turn.copyInto(frame, frameSamples);
                queuedSamples -= copied;
                if (fadeInLeft > 0) {
                    fadeInLeft = fadeIn(frame, copied, fadeInLeft, cutTail.length);
                }
                if (copied < frameSamples) {
                    Arrays.fill(frame, copied, frameSamples, (short) 0);
                }
                if (!turn.started) {
                    turn.started = true;
                    firstFramePending = true;
                    firstFrameTurn = turn.id;
                }
                if (turn.unsent == 0 && turn.ended) {
                    finish(turns.pollFirst());
                }
                return frameSamples;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Pacer side, after the frame of this tick was sent: tells the listener, outside the lock. */
    void firePending(long sentNanos) {
        if (!firstFramePending && playedPending.isEmpty()) {
            return;
        }
        PlayoutListener target = listener;
        try {
            if (firstFramePending) {
                firstFramePending = false;
                target.onFirstFrame(firstFrameTurn, sentNanos);
            }
            Turn played;
            while ((played = playedPending.pollFirst()) != null) {
                target.onTurnPlayed(played.id, played.fullText());
            }
        } catch (RuntimeException e) {
            playedPending.clear();
            log.warn("playout listener failed", e);
        }
    }

    /** Fades {@code pcm[0..length)} out with a raised cosine ending just above zero; returns {@code length}. */
    private static int fadeOut(short[] pcm, int length) {
        for (int i = 0; i < length; i++) {
            double gain = 0.5 * (1 + Math.cos(Math.PI * (i + 1) / (length + 1)));
            pcm[i] = (short) Math.round(pcm[i] * gain);
        }
        return length;
    }

    /** Ramps {@code frame[0..length)} up: the fade has {@code total} samples, {@code left} of them still to come; returns those left after this frame. */
    private static int fadeIn(short[] frame, int length, int left, int total) {
        int n = Math.min(length, left);
        for (int i = 0; i < n; i++) {
            int k = total - left + i;
            double gain = 0.5 * (1 - Math.cos(Math.PI * (k + 1) / (total + 1)));
            frame[i] = (short) Math.round(frame[i] * gain);
        }
        return left - n;
    }

    private void finish(Turn turn) {
        playedPending.addLast(turn);
    }

    private void append(Turn turn, Segment segment, short[] pcm, int off, int len) {
        if (off < 0 || len < 0 || off + len > pcm.length) {
            throw new IndexOutOfBoundsException("off " + off + " len " + len + " of " + pcm.length);
        }
        long room = maxSamples - queuedSamples;
        int accepted = (int) Math.min(len, Math.max(0, room));
        droppedSamples += len - accepted;
        if (accepted == 0) {
            return;
        }
        turn.chunks.addLast(new Chunk(segment, pcm, off, off + accepted));
        segment.queued += accepted;
        turn.unsent += accepted;
        queuedSamples += accepted;
        idle = false;
    }

    /** The turn accepting audio, created on first use; null if stale or ended. */
    private Turn openTurn(int turnId) {
        if (turnId <= staleFloor) {
            return null;
        }
        Turn turn = find(turnId);
        if (turn == null) {
            turn = new Turn(turnId);
            turns.addLast(turn);
            newestTurn = Math.max(newestTurn, turnId);
        }
        return turn.ended ? null : turn;
    }

    private Turn find(int turnId) {
        var it = turns.descendingIterator();
        while (it.hasNext()) {
            Turn turn = it.next();
            if (turn.id == turnId) {
                return turn;
            }
        }
        return null;
    }

    private static final class Turn {
        final int id;
        final List<Segment> segments = new ArrayList<>(4);
        final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
        long unsent;
        boolean started;
        boolean ended;
        /** Waiting for the lead before the first frame or after an underrun. */
        boolean buffering = true;

        Turn(int id) {
            this.id = id;
        }

        void beginSegment(String text) {
            closeSegment();
            segments.add(new Segment(text == null ? "" : text));
        }

        /** The latest chunk's audio has all arrived: nothing more is on its way for what is queued. */
        boolean lastSegmentComplete() {
            Segment last = lastSegment();
            return last != null && last.closed;
        }

        Segment lastSegment() {
            return segments.isEmpty() ? null : segments.get(segments.size() - 1);
        }

        Segment currentSegment() {
            Segment last = lastSegment();
            if (last == null || last.closed) {
                beginSegment("");
                last = lastSegment();
            }
            return last;
        }

        void closeSegment() {
            Segment last = lastSegment();
            if (last != null) {
                last.closed = true;
            }
        }

        int copyInto(short[] frame, int frameSamples) {
            int copied = 0;
            while (copied < frameSamples) {
                Chunk chunk = chunks.peekFirst();
                if (chunk == null) {
                    break;
                }
                int n = Math.min(frameSamples - copied, chunk.end - chunk.pos);
                System.arraycopy(chunk.pcm, chunk.pos, frame, copied, n);
                chunk.pos += n;
                chunk.segment.played += n;
                copied += n;
                if (chunk.pos == chunk.end) {
                    chunks.pollFirst();
                }
            }
            unsent -= copied;
            return copied;
        }

        /** Copies the next unsent samples into {@code into}, as many as fit, without consuming them. */
        int peek(short[] into) {
            int copied = 0;
            for (Chunk chunk : chunks) {
                int n = Math.min(into.length - copied, chunk.end - chunk.pos);
                System.arraycopy(chunk.pcm, chunk.pos, into, copied, n);
                copied += n;
                if (copied == into.length) {
                    break;
                }
            }
            return copied;
        }

        /** Fully sent segments plus the spoken prefix of the one being sent. */
        String heardText() {
            StringBuilder heard = new StringBuilder();
            for (Segment segment : segments) {
                if (segment.played == 0) {
                    break;
                }
                if (segment.played >= segment.queued && segment.closed) {
                    SpokenText.append(heard, segment.text);
                    continue;
                }
                SpokenText.append(heard, SpokenText.prefix(segment.text, segment.played / (double) segment.queued));
                break;
            }
            return heard.toString();
        }

        String fullText() {
            StringBuilder text = new StringBuilder();
            for (Segment segment : segments) {
                SpokenText.append(text, segment.text);
            }
            return text.toString();
        }
    }

    private static final class Segment {
        final String text;
        long queued;
        long played;
        boolean closed;

        Segment(String text) {
            this.text = text;
        }
    }

    private static final class Chunk {
        final Segment segment;
        final short[] pcm;
        final int end;
        int pos;

        Chunk(Segment segment, short[] pcm, int pos, int end) {
            this.segment = segment;
            this.pcm = pcm;
            this.pos = pos;
            this.end = end;
        }
    }
}
