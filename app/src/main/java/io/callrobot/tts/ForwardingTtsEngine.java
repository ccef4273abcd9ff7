package io.callrobot.tts;

import java.util.Objects;

/**
 * A {@link TtsEngine} that wraps another (normalization, the prompt cache, polishing): what the
 * provider is ({@link #exactChunks}, {@link #streamsText}) is answered by the provider, so a new
 * property of providers is forwarded by every wrapper at once.
 */
public abstract class ForwardingTtsEngine implements TtsEngine {

    /** The engine wrapped, ultimately the provider. */
    protected final TtsEngine provider;

    protected ForwardingTtsEngine(TtsEngine provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public final boolean exactChunks() {
        return provider.exactChunks();
    }

    @Override
    public final boolean streamsText() {
        return provider.streamsText();
    }
}
