package io.callrobot.recording;

import io.callrobot.media.MediaTap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's recording. The media threads copy frames into two {@link FrameRing}s (left: what the
 * caller sent, right: what the robot sent), each frame placed by its time on the call's frame clock
 * from {@code originNanos}; the recorder thread interleaves what is older than {@link #LAG_FRAMES}
 * frames, silence where no frame was, and writes it to the file.
 */
public final class CallRecording implements MediaTap {

    private static final Logger log = LoggerFactory.getLogger(CallRecording.class);
    /** Frames the writer stays behind the clock, so that jittered frames are in place before it reads them. */
    static final int LAG_FRAMES = 2 * FrameRing.JITTER_FRAMES + 4;
    /** Frames written per batch; the writer's buffer holds this many stereo frames. */
    private static final int BATCH_FRAMES = 50;

    private final String uuid;
    private final Path path;
    private final RecordingFormat format;
    private final int sampleRate;
    private final int frameSamples;
    private final long frameNanos;
    private final long originNanos;
    private final long offsetMillis;
    private final FrameRing caller;
    private final FrameRing robot;
    private final CompletableFuture<RecordingInfo> done = new CompletableFuture<>();
    /** Next frame index the writer reads; written by the recorder thread, read by the media threads. */
    private volatile long readFrom;
    private volatile boolean finishing;
    private AudioSink sink;
    private short[] stereo;
    private boolean failed;

    /**
     * @param capacityFrames frames each channel holds before the writer must have read them
     * @param offsetMillis   milliseconds from the call's connection to {@code originNanos}
     */
    CallRecording(String uuid, Path path, RecordingFormat format, int sampleRate, int frameMillis,
            long originNanos, long offsetMillis, int capacityFrames) {
        this.uuid = uuid;
        this.path = path;
        this.format = format;
        this.sampleRate = sampleRate;
        this.frameSamples = sampleRate * frameMillis / 1000;
        this.frameNanos = frameMillis * 1_000_000L;
        this.originNanos = originNanos;
        this.offsetMillis = offsetMillis;
        this.caller = new FrameRing(frameSamples, capacityFrames);
        this.robot = new FrameRing(frameSamples, capacityFrames);
    }

    public String uuid() {
        return uuid;
    }

    /** Receive thread. */
    @Override
    public void callerAudio(short[] samples, int count, long nanoTime) {
        if (!finishing) {
            caller.put(samples, count, frameIndex(nanoTime), readFrom);
        }
    }

    /** Pacer thread. */
    @Override
    public void robotAudio(short[] samples, int count, long nanoTime) {
        if (!finishing) {
            robot.put(samples, count, frameIndex(nanoTime), readFrom);
        }
    }

    /**
     * Stops taking frames; the recorder writes what is held, closes the file and completes the
     * answer with the recording, or with null when nothing could be written. Idempotent.
     */
    public CompletableFuture<RecordingInfo> finish() {
        finishing = true;
        return done;
    }

    /** Frames dropped because the writer fell behind, both channels. */
    public long droppedFrames() {
        return caller.dropped() + robot.dropped();
    }

    boolean finishing() {
        return finishing;
    }

    CompletableFuture<RecordingInfo> done() {
        return done;
    }

    /**
     * Recorder thread: writes every frame up to the clock less the lag, or all of them once
     * finishing (and then closes the file); returns whether the recording is over.
     */
    boolean drain(long nowNanos, boolean checkpoint) {
        if (failed) {
            return true;
        }
        boolean last = finishing;
        try {
            if (sink == null) {
                Files.createDirectories(path.getParent());
                sink = format == RecordingFormat.OPUS ? new OpusSink(path, sampleRate) : new WavSink(path, sampleRate);
                stereo = new short[frameSamples * 2 * BATCH_FRAMES];
            }
            long until = last ? Math.max(caller.end(), robot.end()) : frameIndex(nowNanos) - LAG_FRAMES;
            writeUntil(until);
            if (last) {
                long bytes = sink.close();
                done.complete(new RecordingInfo(path.toString(), format.id(),
                        readFrom * frameNanos / 1_000_000, offsetMillis, bytes));
                return true;
            }
            if (checkpoint) {
                sink.checkpoint();
            }
            return false;
        } catch (IOException | RuntimeException e) {
            log.error("call {}: recording to {} failed, the file keeps what was written: {}", uuid, path, e.toString());
            failed = true;
            if (sink != null) {
                sink.abandon();
            }
            done.complete(null);
            return true;
        }
    }

    private void writeUntil(long until) throws IOException {
        long index = readFrom;
        while (index < until) {
            int frames = (int) Math.min(BATCH_FRAMES, until - index);
            for (int f = 0; f < frames; f++) {
                int base = f * frameSamples * 2;
                caller.copyInterleaved(index + f, stereo, base);
                robot.copyInterleaved(index + f, stereo, base + 1);
            }
            sink.write(stereo, frames * frameSamples);
            index += frames;
            readFrom = index;
        }
    }

    private long frameIndex(long nanoTime) {
        long elapsed = nanoTime - originNanos;
        return elapsed <= 0 ? 0 : (elapsed + frameNanos / 2) / frameNanos;
    }
}
