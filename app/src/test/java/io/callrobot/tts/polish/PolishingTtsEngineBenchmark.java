package io.callrobot.tts.polish;

import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link PolishingTtsEngine} on one 100 ms piece of 16 kHz TTS audio (fades, loudness measure,
 * gain and limiter), as a reply's listener sees every piece a TTS engine delivers; every tenth
 * piece ends its chunk. The piece handed on is a new array (the fade holds back its last 5 ms),
 * so one allocation of the piece size per piece is inherent; the per-sample work allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PolishingTtsEngineBenchmark {

    private static final int RATE = 16_000;

    private final short[] speech = SpeechLikeSignal.render(1.0, RATE);
    private final short[] piece = new short[RATE / 10];
    private final TextChunk chunk = new TextChunk(0, "您好，这里是星河银行信用卡中心。");
    private TtsListener polisher;
    private Blackhole sink;
    private int pieces;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        TtsEngine provider = (request, listener) -> {
            polisher = listener;
            return null;
        };
        new PolishingTtsEngine(provider, PolishConfig.defaults()).open(
                new TtsRequest("bench", "zh-CN", null, null, 1.0), new TtsListener() {
                    @Override
                    public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
                        sink.consume(pcm);
                    }
                });
    }

    @Benchmark
    public void polishPiece() {
        int at = (pieces % 10) * piece.length;
        System.arraycopy(speech, at, piece, 0, piece.length); // the listener may scale its array in place
        polisher.onAudio(chunk, piece, RATE);
        if (++pieces % 10 == 0) {
            polisher.onChunkDone(chunk);
        }
    }
}
