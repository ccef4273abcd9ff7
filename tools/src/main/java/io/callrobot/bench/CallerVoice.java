package io.callrobot.bench;

import io.callrobot.media.PcmAudio;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import io.callrobot.tts.espeak.EspeakConfig;
import io.callrobot.tts.espeak.EspeakTtsEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Makes the simulated caller's speech with the local espeak-ng voice, so no recording is needed. */
public final class CallerVoice {

    private final EspeakTtsEngine engine = new EspeakTtsEngine(EspeakConfig.defaults());

    /** Synthesises {@code text} (Chinese when it contains CJK characters, else English). */
    public PcmAudio say(String text) throws Exception {
        return say(text, 1.0);
    }

    /** Synthesises {@code text} at {@code speed} times the voice's usual rate. */
    public PcmAudio say(String text, double speed) throws Exception {
        String language = text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                ? "zh-CN" : "en-US";
        CompletableFuture<PcmAudio> done = new CompletableFuture<>();
        List<short[]> parts = new ArrayList<>();
        int[] rate = {0};
        TtsStream stream = engine.open(new TtsRequest("caller", language, null, null, speed), new TtsListener() {
            @Override
            public void onAudio(TextChunk chunk, short[] samples, int sampleRate) {
                rate[0] = sampleRate;
                parts.add(samples);
            }

            @Override
            public void onComplete() {
                short[] all = new short[parts.stream().mapToInt(p -> p.length).sum()];
                int at = 0;
                for (short[] p : parts) {
                    System.arraycopy(p, 0, all, at, p.length);
                    at += p.length;
                }
                done.complete(new PcmAudio(rate[0], all));
            }

            @Override
            public void onFailure(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        stream.send(new TextChunk(0, text));
        stream.finish();
        return done.get(30, TimeUnit.SECONDS);
    }
}
