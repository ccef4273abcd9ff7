package io.callrobot.recording;

import io.callrobot.time.CallClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recordings older than {@code recording.retentionDays} (by the time their file was last
 * written, that is when the call ended) and the day, month and year directories they leave empty:
 * once at start and then every day. The clock only times the sweeps; they run on {@code worker},
 * since they wait on the disk.
 */
public final class RetentionSweep implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);
    private static final long DAY_MILLIS = TimeUnit.DAYS.toMillis(1);

    private final Path dir;
    private final Duration keep;
    private final CallClock timers;
    private final InstantSource wall;
    private final Executor worker;
    private volatile CallClock.Timer next;
    private volatile boolean closed;

    /** @param retentionDays at least 1: with 0 (keep forever) nothing is swept and no sweep is made */
    public RetentionSweep(Path dir, int retentionDays, CallClock timers, InstantSource wall, Executor worker) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retentionDays must be at least 1 to sweep, not " + retentionDays);
        }
        this.dir = dir;
        this.keep = Duration.ofDays(retentionDays);
        this.timers = timers;
        this.wall = wall;
        this.worker = worker;
    }

    /** Sweeps now, and again every day. */
    public void start() {
        worker.execute(this::sweepAndReschedule);
    }

    @Override
    public void close() {
        closed = true;
        CallClock.Timer timer = next;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void sweepAndReschedule() {
        if (closed) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            log.error("sweeping old recordings in {} failed: {}", dir, e.toString());
        }
        if (!closed) {
            next = timers.schedule(() -> worker.execute(this::sweepAndReschedule), DAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Deletes what is older than the retention; returns the number of recordings deleted. */
    int sweep() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant cutoff = wall.instant().minus(keep);
        int[] deleted = new int[1];
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        try {
                            Files.delete(file);
                            deleted[0]++;
                        } catch (NoSuchFileException gone) {
                            // deleted meanwhile: what we wanted
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    log.warn("cannot read {} while sweeping old recordings: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    if (!directory.equals(dir)) {
                        try {
                            Files.delete(directory); // only if empty: a day still holding recordings stays
                        } catch (DirectoryNotEmptyException | NoSuchFileException kept) {
                            // still in use, or gone
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (deleted[0] > 0) {
            log.info("deleted {} recordings older than {} days from {}", deleted[0], keep.toDays(), dir);
        }
        return deleted[0];
    }
}
