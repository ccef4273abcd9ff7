package io.callrobot.tts;

/**
 * Settings of {@link CachingTtsEngine}, which keeps synthesised audio of repeated texts.
 *
 * @param enabled        when false the provider is used directly
 * @param maxMemoryBytes bound of the in-memory cache (least recently used entries go first)
 * @param directory      disk cache directory, kept across restarts; empty for memory only
 * @param maxDiskBytes   bound of the files in {@code directory} (oldest files go first)
 */
public record PromptCacheConfig(boolean enabled, long maxMemoryBytes, String directory, long maxDiskBytes) {

    public PromptCacheConfig {
        if (maxMemoryBytes < 0 || maxDiskBytes < 0) {
            throw new IllegalArgumentException("cache bounds must not be negative: memory "
                    + maxMemoryBytes + ", disk " + maxDiskBytes);
        }
        directory = directory == null ? "" : directory.strip();
    }

    /** Enabled, 64 MiB in memory, no disk cache (256 MiB once a directory is set). */
    public static PromptCacheConfig defaults() {
        return new PromptCacheConfig(true, 64L << 20, "", 256L << 20);
    }
}
