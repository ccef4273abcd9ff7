package io.callrobot.asr.funasr;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Connection to a FunASR runtime server (websocket protocol, FunASR runtime/docs/websocket_protocol.md).
 *
 * @param url            {@code ws://host:port} or {@code wss://host:port} (the runtime listens on 10095 by default)
 * @param mode           {@code "2pass"} (streaming partials plus corrected finals), {@code "online"} or {@code "offline"}
 * @param chunkSize      streaming model latency {@code [look-back, chunk, look-ahead]} in 60 ms units, e.g. {@code [5,10,5]}
 * @param chunkInterval  divides the chunk into audio messages: one message per {@code chunkSize[1] * 60 / chunkInterval} ms
 * @param itn            inverse text normalisation ("一百" to "100") on the server
 * @param sampleRate     the rate sent to the server, 16000 or 8000: funasr_wss_server.py ignores {@code audio_fs}
 *                       and takes all audio as 16 kHz, so 8 kHz calls are resampled up; 8000 only for the C++
 *                       runtime, which honours {@code audio_fs}
 * @param connectTimeout websocket connect time-out
 */
public record FunAsrConfig(String url, String mode, List<Integer> chunkSize, int chunkInterval, boolean itn,
                           int sampleRate, Duration connectTimeout) {

    private static final Set<String> MODES = Set.of("2pass", "online", "offline");

    public FunAsrConfig {
        String scheme = URI.create(url).getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("FunASR url must start with ws:// or wss://: " + url);
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("FunASR mode must be one of " + MODES + ": " + mode);
        }
        chunkSize = List.copyOf(chunkSize);
        if (chunkSize.size() != 3 || chunkSize.get(1) <= 0) {
            throw new IllegalArgumentException("FunASR chunk_size needs 3 values, the middle one positive: " + chunkSize);
        }
        if (chunkInterval <= 0) {
            throw new IllegalArgumentException("FunASR chunk_interval must be positive: " + chunkInterval);
        }
        // websocket_protocol.md, "Sending Audio Data": 8000 (given as audio_fs) and 16000 are supported
        if (sampleRate != 8000 && sampleRate != 16000) {
            throw new IllegalArgumentException("FunASR sampleRate must be 16000 or 8000: " + sampleRate);
        }
    }

    /** {@code ws://127.0.0.1:10095}, 2pass, chunk [5,10,5], interval 10 (60 ms messages), ITN on, 16 kHz, 3 s connect. */
    public static FunAsrConfig defaults() {
        return new FunAsrConfig("ws://127.0.0.1:10095", "2pass", List.of(5, 10, 5), 10, true, 16000,
                Duration.ofSeconds(3));
    }

    /** The same settings for another server. */
    public FunAsrConfig withUrl(String otherUrl) {
        return new FunAsrConfig(otherUrl, mode, chunkSize, chunkInterval, itn, sampleRate, connectTimeout);
    }

    /** The same settings in another mode. */
    public FunAsrConfig withMode(String otherMode) {
        return new FunAsrConfig(url, otherMode, chunkSize, chunkInterval, itn, sampleRate, connectTimeout);
    }

    /** The same settings sending audio at another rate. */
    public FunAsrConfig withSampleRate(int otherRate) {
        return new FunAsrConfig(url, mode, chunkSize, chunkInterval, itn, otherRate, connectTimeout);
    }

    /** Milliseconds of audio per binary message; funasr_wss_client.py: stride = 60 * chunk_size[1] / chunk_interval. */
    public int strideMillis() {
        return Math.max(1, 60 * chunkSize.get(1) / chunkInterval);
    }
}
