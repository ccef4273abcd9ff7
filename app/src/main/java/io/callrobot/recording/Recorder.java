package io.callrobot.recording;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every call's recording on one platform thread, {@code call-recorder}: every
 * {@value #CYCLE_MILLIS} ms it drains each recording's frames into its file, makes the files
 * playable once a second, and closes the recordings that finished. The media threads never wait
 * for it; when it falls behind, frames are dropped and counted ({@link #droppedFrames()}).
 */
public final class Recorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    static final int CYCLE_MILLIS = 100;
    /** Files become playable up to their last sample once a second. */
    private static final int CHECKPOINT_CYCLES = 1000 / CYCLE_MILLIS;
    /** Frames a channel holds for the writer: 2 s, twenty of its cycles. */
    private static final int CAPACITY_MILLIS = 2000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    /** FreeSWITCH uuids are hex and hyphens; anything else cannot name a file safely. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final RecordingConfig config;
    private final Set<CallRecording> recordings = ConcurrentHashMap.newKeySet();
    private final AtomicLong droppedBefore = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private int cyclesSinceCheckpoint;

    public Recorder(RecordingConfig config) {
        this(config, true);
    }

    /** With {@code ownThread} false nobody runs {@link #cycle} but the test that made it. */
    Recorder(RecordingConfig config, boolean ownThread) {
        this.config = config;
        this.thread = Thread.ofPlatform().name("call-recorder").daemon().unstarted(this::run);
        if (ownThread) {
            thread.start();
        }
    }

    /** The server's choice, which a campaign or flow may override per call. */
    public boolean enabledByDefault() {
        return config.enabled();
    }

    /**
     * Starts recording a call whose frames are timed from {@code originNanos}; the file is created
     * by the recorder thread. Returns null (and logs why) when the call cannot be recorded.
     *
     * @param startedAt    when the call started: the file goes under that day (UTC)
     * @param offsetMillis milliseconds from the call's connection to {@code originNanos}
     */
    public CallRecording start(String uuid, Instant startedAt, int sampleRate, int frameMillis, long originNanos,
            long offsetMillis) {
        if (uuid == null || !SAFE_NAME.matcher(uuid).matches()) {
            log.warn("call {}: not recorded, its uuid cannot name a file", uuid);
            return null;
        }
        RecordingFormat format = config.fileFormat();
        if (format == RecordingFormat.OPUS && !OpusSink.RATES.contains(sampleRate)) {
            log.warn("call {}: Opus cannot encode {} Hz, recording as WAV", uuid, sampleRate);
            format = RecordingFormat.WAV;
        }
        Path path = config.directory().resolve(DAY.format(startedAt)).resolve(uuid + "." + format.id());
        CallRecording recording = new CallRecording(uuid, path, format, sampleRate, frameMillis, originNanos,
                offsetMillis, CAPACITY_MILLIS / frameMillis);
        if (!running) {
            return null;
        }
        recordings.add(recording);
        return recording;
    }

    /** Frames dropped because this thread fell behind, all calls since start. */
    public long droppedFrames() {
        long total = droppedBefore.get();
        for (CallRecording r : recordings) {
            total += r.droppedFrames();
        }
        return total;
    }

    /** Recordings being written. */
    public int active() {
        return recordings.size();
    }

    /** Finishes every recording still open, then stops the thread. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        for (CallRecording r : List.copyOf(recordings)) {
            r.finish();
        }
        running = false;
        LockSupport.unpark(thread);
        if (!thread.isAlive()) {
            cycle(System.nanoTime()); // finishing recordings close in one pass
            return;
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running || !recordings.isEmpty()) {
            cycle(System.nanoTime());
            if (running) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(CYCLE_MILLIS));
            }
        }
    }

    /** One pass over every recording; the thread runs it each cycle, tests by hand. */
    void cycle(long nowNanos) {
        boolean checkpoint = ++cyclesSinceCheckpoint >= CHECKPOINT_CYCLES;
        if (checkpoint) {
            cyclesSinceCheckpoint = 0;
        }
        for (CallRecording r : recordings) {
            if (r.drain(nowNanos, checkpoint)) {
                recordings.remove(r);
                droppedBefore.addAndGet(r.droppedFrames());
            }
        }
    }
}
