package io.callrobot.recording;

/**
 * A call's recording, as the call record keeps it.
 *
 * @param path         the file, as {@code recording.dir} names it ({@code data/recordings/2026/12/03/<uuid>.opus})
 * @param format       {@code opus} or {@code wav}
 * @param durationMs   length of the audio
 * @param offsetMillis milliseconds after the call's {@code connectedAt} at which the first sample lies:
 *                     a turn at {@code atMillis} plays at {@code atMillis - offsetMillis}
 * @param bytes        size of the file
 */
public record RecordingInfo(String path, String format, long durationMs, long offsetMillis, long bytes) {
}
