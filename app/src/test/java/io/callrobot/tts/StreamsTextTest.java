package io.callrobot.tts;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.text.NormalizerConfig;
import io.callrobot.text.TextNormalizer;
import io.callrobot.tts.cache.CachingTtsEngine;
import io.callrobot.tts.cache.PromptCacheConfig;
import io.callrobot.tts.polish.PolishConfig;
import io.callrobot.tts.polish.PolishingTtsEngine;
import org.junit.jupiter.api.Test;

/** The chunker's policy follows the provider through every wrapper the server puts around it. */
class StreamsTextTest {

    private static TtsEngine provider(boolean streamsText) {
        return new TtsEngine() {
            @Override
            public TtsStream open(TtsRequest request, TtsListener listener) {
                throw new UnsupportedOperationException("not opened here");
            }

            @Override
            public boolean streamsText() {
                return streamsText;
            }
        };
    }

    private static TtsEngine wrapped(TtsEngine provider) {
        TtsEngine normalized = new NormalizingTtsEngine(provider, new TextNormalizer(NormalizerConfig.defaults()));
        return new PolishingTtsEngine(new CachingTtsEngine(normalized, "fake", PromptCacheConfig.defaults()),
                PolishConfig.defaults());
    }

    @Test
    void wrappersReportWhatTheProviderDoes() {
        assertThat(wrapped(provider(true)).streamsText()).isTrue();
        assertThat(wrapped(provider(false)).streamsText()).isFalse();
    }

    @Test
    void requestPerChunkIsTheDefault() {
        TtsEngine plain = (request, listener) -> {
            throw new UnsupportedOperationException("not opened here");
        };

        assertThat(plain.streamsText()).isFalse();
    }
}
