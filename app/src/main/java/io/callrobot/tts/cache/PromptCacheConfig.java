package io.callrobot.tts.cache;

/**
 * Settings of {@link CachingTtsEngine}, which keeps synthesised audio of repeated texts.
 *
 * @param enabled        when false the provider is used directly
 * @param maxMemoryBytes bound of the in-memory cache (least recently used entries go first)
 * @param directory      disk cache directory, kept across restarts; empty for memory only
 * @param maxDiskBytes   bound of the files in {@code directory} (oldest files go first)
 * @param warmOnStart    synthesise the flows' fixed prompts in the background at start-up, so that
 *                       even the first call's greeting plays without waiting for TTS
 */
public record PromptCacheConfig(boolean enabled, long maxMemoryBytes, String directory, long maxDiskBytes,
        boolean warmOnStart) {

    public PromptCacheConfig {
        if (maxMemoryBytes < 0 || maxDiskBytes < 0) {
            throw new IllegalArgumentException("cache bounds must not be negative: memory "
                    + maxMemoryBytes + ", disk " + maxDiskBytes);
        }
        directory = directory == null ? "" : directory.strip();
    }

    /** Enabled, 64 MiB in memory, no disk cache (256 MiB once a directory is set), warmed at start-up. */
    public static PromptCacheConfig defaults() {
        return new PromptCacheConfig(true, 64L << 20, "", 256L << 20, true);
    }
}
