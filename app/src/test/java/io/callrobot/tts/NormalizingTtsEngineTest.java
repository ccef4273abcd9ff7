package io.callrobot.tts;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.text.NormalizerConfig;
import io.callrobot.text.TextNormalizer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class NormalizingTtsEngineTest {

    /** A provider that records what it is sent and lets the test play its callbacks. */
    private static final class FakeProvider implements TtsEngine {
        final List<TextChunk> sent = new CopyOnWriteArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        TtsListener listener;

        @Override
        public TtsStream open(TtsRequest request, TtsListener listener) {
            this.listener = listener;
            return new TtsStream() {
                @Override
                public void send(TextChunk chunk) {
                    sent.add(chunk);
                }

                @Override
                public void finish() {
                    calls.add("finish");
                }

                @Override
                public void cancel() {
                    calls.add("cancel");
                }
            };
        }
    }

    private final FakeProvider provider = new FakeProvider();
    private final TtsEngine engine = new NormalizingTtsEngine(provider, new TextNormalizer(NormalizerConfig.defaults()));

    private static TtsRequest request(String language) {
        return new TtsRequest("call-1", language, null, null, 1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "zh", "ZH-cn", "zh-TW"})
    void chineseChunksReachTheProviderNormalizedWithTheirIndex(String language) {
        TtsStream stream = engine.open(request(language), new RecordingTtsListener());

        stream.send(new TextChunk(0, "您的账单是1,234.50元，"));
        stream.send(new TextChunk(1, "请在3月5日12:30前还款。"));

        assertThat(provider.sent).containsExactly(
                new TextChunk(0, "您的账单是一千二百三十四元五角，"),
                new TextChunk(1, "请在三月五日十二点三十分前还款。"));
    }

    @Test
    void everyCallbackReachesTheListenerWithTheChunkAsItWasSent() {
        List<String> seen = new CopyOnWriteArrayList<>();
        TtsStream stream = engine.open(request("zh-CN"), new TtsListener() {
            @Override
            public void onChunkSource(TextChunk chunk, boolean cached) {
                seen.add("source " + chunk.text() + " " + cached);
            }

            @Override
            public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
                seen.add("audio " + chunk.text());
            }

            @Override
            public void onChunkDone(TextChunk chunk) {
                seen.add("done " + chunk.text());
            }

            @Override
            public void onComplete() {
                seen.add("complete");
            }
        });
        stream.send(new TextChunk(0, "共3元。"));
        TextChunk rewritten = provider.sent.get(0);
        provider.listener.onChunkSource(rewritten, true);
        provider.listener.onAudio(rewritten, new short[8], 8000);
        provider.listener.onChunkDone(rewritten);
        provider.listener.onComplete();

        assertThat(rewritten.text()).isEqualTo("共三元。");
        assertThat(seen).containsExactly("source 共3元。 true", "audio 共3元。", "done 共3元。", "complete");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"en-US", "en", "cmn-zh"})
    void otherLanguagesReachTheProviderUntouched(String language) {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine.open(request(language), listener);

        stream.send(new TextChunk(0, "余额1,234.50元"));

        assertThat(provider.sent).containsExactly(new TextChunk(0, "余额1,234.50元"));
        assertThat(provider.listener).isSameAs(listener);
    }

    @Test
    void listenerHearsTheChunksItSentNotTheRewrittenOnes() throws Exception {
        List<TextChunk> heard = new CopyOnWriteArrayList<>();
        RecordingTtsListener listener = new RecordingTtsListener() {
            @Override
            public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
                heard.add(chunk);
                super.onAudio(chunk, pcm, sampleRate);
            }

            @Override
            public void onChunkDone(TextChunk chunk) {
                heard.add(chunk);
                super.onChunkDone(chunk);
            }
        };
        TtsStream stream = engine.open(request("zh-CN"), listener);
        TextChunk original = new TextChunk(0, "第3期还款2,000元。");
        stream.send(original);
        stream.finish();

        TextChunk rewritten = provider.sent.get(0);
        provider.listener.onAudio(rewritten, new short[] {1, 2}, 8000);
        provider.listener.onChunkDone(rewritten);
        provider.listener.onComplete();

        assertThat(rewritten.text()).isEqualTo("第三期还款两千元。");
        assertThat(heard).containsExactly(original, original);
        assertThat(listener.audio.get(0)).containsExactly(1, 2);
        assertThat(listener.rates.get(0)).isEqualTo(8000);
        assertThat(listener.awaitEnd()).isNull();
        assertThat(provider.calls).containsExactly("finish");
    }

    @Test
    void failureAndCancelArePassedOn() throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine.open(request("zh-CN"), listener);
        stream.send(new TextChunk(0, "稍等。"));
        IllegalStateException error = new IllegalStateException("provider down");

        provider.listener.onFailure(error);
        stream.cancel();
        stream.cancel();

        assertThat(listener.awaitEnd()).isSameAs(error);
        assertThat(provider.calls).containsExactly("cancel", "cancel");
    }
}
