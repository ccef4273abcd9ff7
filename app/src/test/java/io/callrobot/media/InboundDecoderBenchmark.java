package io.callrobot.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
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
 * {@link InboundDecoder#decode} on one received 20 ms datagram at 8 kHz, in the direct
 * little-endian receive buffer {@code CallMedia} uses: 320 bytes of L16, or 160 bytes of PCMU or
 * PCMA ({@code flags: native}); {@code comfortNoise} is a 320-byte run of 0xFF, which FreeSWITCH
 * forwards for CNG frames (seen on a real FreeSWITCH; switch_ivr_park sends read_frame->data as is).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InboundDecoderBenchmark {

    private static final int FRAME = 160;

    @Param({"L16", "PCMU", "PCMA"})
    MediaCodec codec;

    private InboundDecoder decoder;
    private ByteBuffer datagram;
    private ByteBuffer comfortNoise;
    private int length;

    @Setup
    public void setUp() {
        decoder = new InboundDecoder(codec, FRAME);
        short[] voice = new short[FRAME];
        for (int i = 0; i < FRAME; i++) {
            voice[i] = (short) (6000 * Math.sin(2 * Math.PI * 220 * i / 8000.0));
        }
        datagram = receiveBuffer();
        codec.encode(voice, FRAME, datagram);
        length = datagram.position();
        comfortNoise = receiveBuffer();
        byte[] cng = new byte[2 * FRAME];
        Arrays.fill(cng, (byte) 0xff);
        comfortNoise.put(cng);
    }

    @Benchmark
    public int decode() {
        return decoder.decode(datagram, length);
    }

    @Benchmark
    public int comfortNoise() {
        return decoder.decode(comfortNoise, 2 * FRAME);
    }

    private static ByteBuffer receiveBuffer() {
        return ByteBuffer.allocateDirect(InboundDecoder.MAX_DATAGRAM + 1).order(ByteOrder.LITTLE_ENDIAN);
    }
}
