package io.callrobot.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.time.ManualClock;
import io.callrobot.time.ManualExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionSweepTest {

    private static final Instant NOW = Instant.parse("2026-12-10T03:00:00Z");

    @TempDir
    Path dir;

    private Path recording(String day, String uuid, Instant written) throws Exception {
        Path file = dir.resolve(day).resolve(uuid + ".opus");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(file, FileTime.from(written));
        return file;
    }

    @Test
    void atStartAndThenDailyOldRecordingsAndTheDirectoriesTheyLeaveEmptyGo() throws Exception {
        ManualClock clock = new ManualClock(NOW);
        ManualExecutor worker = new ManualExecutor();
        Path old = recording("2026/11/30", "a", NOW.minus(Duration.ofDays(10)));
        Path oldOtherMonth = recording("2026/10/31", "b", NOW.minus(Duration.ofDays(40)));
        Path justKept = recording("2026/12/03", "c", NOW.minus(Duration.ofDays(7)).plusSeconds(60));
        Path sameDayOld = recording("2026/12/03", "d", NOW.minus(Duration.ofDays(7)).minusSeconds(60));
        Path fresh = recording("2026/12/10", "e", NOW);

        try (RetentionSweep sweep = new RetentionSweep(dir, 7, clock, clock, worker)) {
            sweep.start();
            assertThat(worker.runAll()).isEqualTo(1);
            assertThat(old).doesNotExist();
            assertThat(oldOtherMonth).doesNotExist();
            assertThat(dir.resolve("2026/11")).doesNotExist();
            assertThat(dir.resolve("2026/10")).doesNotExist();
            assertThat(sameDayOld).doesNotExist();
            assertThat(justKept).exists();
            assertThat(fresh).exists();

            // a day later the sweep comes again, and the day of c and d is empty
            clock.advance(1, TimeUnit.DAYS);
            assertThat(worker.runAll()).isEqualTo(1);
            assertThat(justKept).doesNotExist();
            assertThat(dir.resolve("2026/12/03")).doesNotExist();
            assertThat(fresh).exists();
            assertThat(dir).exists();
        }
        clock.advance(2, TimeUnit.DAYS);
        assertThat(worker.runAll()).as("no sweep after close").isZero();
    }

    @Test
    void aMissingDirectoryIsNothingToSweep() {
        ManualClock clock = new ManualClock(NOW);
        try (RetentionSweep sweep = new RetentionSweep(dir.resolve("none"), 1, clock, clock, Runnable::run)) {
            assertThat(sweep.sweep()).isZero();
        }
    }
}
