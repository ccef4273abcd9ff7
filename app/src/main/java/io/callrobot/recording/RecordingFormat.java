package io.callrobot.recording;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The file formats a call can be recorded in. */
public enum RecordingFormat {
    /** Ogg Opus (RFC 7845), stereo, {@value OpusSink#BITRATE} bit/s. */
    OPUS("opus", "audio/ogg"),
    /** 16-bit PCM stereo WAV at the call's rate. */
    WAV("wav", "audio/wav");

    private final String id;
    private final String contentType;

    RecordingFormat(String id, String contentType) {
        this.id = id;
        this.contentType = contentType;
    }

    /** The name in configuration and call records, also the file extension. */
    public String id() {
        return id;
    }

    /** The media type the file is served with. */
    public String contentType() {
        return contentType;
    }

    public static Optional<RecordingFormat> of(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT)))
                .findFirst();
    }
}
