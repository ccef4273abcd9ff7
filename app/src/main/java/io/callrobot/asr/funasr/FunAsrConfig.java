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
 * @param connectTimeout websocket connect time-out
 */
public record FunAsrConfig(String url, String mode, List<Integer> chunkSize, int chunkInterval, boolean itn,
                           Duration connectTimeout) {

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
    }

    /** {@code ws://127.0.0.1:10095}, 2pass, chunk [5,10,5], interval 10 (60 ms messages), ITN on, 3 s connect. */
    public static FunAsrConfig defaults() {
        return new FunAsrConfig("ws://127.0.0.1:10095", "2pass", List.of(5, 10, 5), 10, true, Duration.ofSeconds(3));
    }

    /** The same settings for another server. */
    public FunAsrConfig withUrl(String otherUrl) {
        return new FunAsrConfig(otherUrl, mode, chunkSize, chunkInterval, itn, connectTimeout);
    }

    /** Milliseconds of audio per binary message; funasr_wss_client.py: stride = 60 * chunk_size[1] / chunk_interval. */
    public int strideMillis() {
        return Math.max(1, 60 * chunkSize.get(1) / chunkInterval);
    }
}
