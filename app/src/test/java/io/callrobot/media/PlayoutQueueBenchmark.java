package io.callrobot.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pacer side of {@link PlayoutQueue}: one 20 ms frame per operation, as {@code CallMedia.tick}
 * takes it on every pacer tick. The queue holds one long turn; when it runs dry the benchmark
 * writes another minute of audio (one write, like one TTS chunk), so refills cost one chunk
 * record per 3000 frames. {@code tick} adds what the tick does besides the socket send: encoding
 * the frame into the datagram buffer and {@code firePending}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlayoutQueueBenchmark {

    private static final int RATE = 8000;
    private static final int FRAME = RATE / 50;

    @Param({"PCMU", "L16"})
    MediaCodec codec;

    private final short[] frame = new short[FRAME];
    private final short[] minute = new short[RATE * 60];
    private PlayoutQueue queue;
    private ByteBuffer sendBuffer;

    @Setup
    public void setUp() {
        for (int i = 0; i < minute.length; i++) {
            minute[i] = (short) (8000 * Math.sin(2 * Math.PI * 300 * i / RATE));
        }
        queue = new PlayoutQueue(RATE, 120, 0, new ResamplerFactory());
        queue.beginSegment(1, "您好，这里是星河银行信用卡中心。");
        queue.write(1, minute, 0, minute.length);
        sendBuffer = ByteBuffer.allocateDirect(InboundDecoder.MAX_DATAGRAM).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Benchmark
    public short[] take() {
        takeFrame();
        return frame;
    }

    @Benchmark
    public ByteBuffer tick() {
        takeFrame();
        sendBuffer.clear();
        codec.encode(frame, FRAME, sendBuffer);
        sendBuffer.flip();
        queue.firePending(0);
        return sendBuffer;
    }

    private void takeFrame() {
        if (queue.take(frame, FRAME, true) == 0) {
            queue.write(1, minute, 0, minute.length);
            queue.take(frame, FRAME, true);
        }
    }
}
