package io.callrobot.recording;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Call recording ({@code recording:}). A flow's {@code record:} and a campaign's {@code record}
 * setting override {@code enabled} for their calls.
 *
 * @param enabled       record calls unless their campaign or flow says otherwise
 * @param dir           where files go, as {@code dir/yyyy/MM/dd/<uuid>.<format>} by the call's start date (UTC)
 * @param format        {@code opus} (Ogg Opus, about 450 KB for 3 minutes) or {@code wav} (16-bit PCM)
 * @param retentionDays files older than this many days are deleted; 0 keeps them forever
 */
public record RecordingConfig(boolean enabled, String dir, String format, int retentionDays) {

    public RecordingConfig {
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("dir must name a directory");
        }
        if (RecordingFormat.of(format).isEmpty()) {
            throw new IllegalArgumentException("format must be one of "
                    + Arrays.stream(RecordingFormat.values()).map(RecordingFormat::id).toList() + ", not '" + format + "'");
        }
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retentionDays must be 0 (keep forever) or more, not " + retentionDays);
        }
    }

    /** Off (recording a call may need the caller's consent), Opus under {@code data/recordings}, kept forever. */
    public static RecordingConfig defaults() {
        return new RecordingConfig(false, "data/recordings", "opus", 0);
    }

    /** The format, as a type. */
    public RecordingFormat fileFormat() {
        return RecordingFormat.of(format).orElseThrow();
    }

    /** The directory, as a path. */
    public Path directory() {
        return Path.of(dir);
    }
}
