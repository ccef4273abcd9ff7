package io.callrobot.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InboundDecoderTest {

    private final ByteBuffer datagram =
            ByteBuffer.allocate(InboundDecoder.MAX_DATAGRAM + 1).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void decodesLittleEndianL16() {
        InboundDecoder decoder = new InboundDecoder(MediaCodec.L16, 160);
        datagram.putShort(0, (short) 1234).putShort(2, (short) -5);
        assertThat(decoder.decode(datagram, 4)).isEqualTo(2);
        assertThat(decoder.samples()[0]).isEqualTo((short) 1234);
        assertThat(decoder.samples()[1]).isEqualTo((short) -5);
        assertThat(decoder.malformed).isZero();
    }

    @Test
    void comfortNoiseBecomesOneFrameOfSilenceInEveryCodec() {
        for (MediaCodec codec : MediaCodec.values()) {
            InboundDecoder decoder = new InboundDecoder(codec, 160);
            Arrays.fill(decoder.samples(), (short) 77);
            Arrays.fill(datagram.array(), 0, 320, (byte) 0xff); // L16-sized even in native mode
            assertThat(decoder.decode(datagram, 320)).isEqualTo(160);
            assertThat(Arrays.copyOf(decoder.samples(), 160)).containsOnly((short) 0);
            assertThat(decoder.comfortNoise).isEqualTo(1);
        }
    }

    @Test
    void oddEmptyAndOversizedDatagramsAreCountedAndTheirSoundPartDecoded() {
        InboundDecoder decoder = new InboundDecoder(MediaCodec.L16, 160);
        datagram.putShort(0, (short) 300);
        assertThat(decoder.decode(datagram, 321)).isEqualTo(160);
        assertThat(decoder.decode(datagram, 0)).isZero();
        assertThat(decoder.decode(datagram, InboundDecoder.MAX_DATAGRAM + 1))
                .isEqualTo(InboundDecoder.MAX_DATAGRAM / 2);
        assertThat(decoder.malformed).isEqualTo(3);
        assertThat(decoder.packets).isEqualTo(3);
        assertThat(decoder.samples()[0]).isEqualTo((short) 300);
    }

    @Test
    void decodesNativeG711() {
        InboundDecoder decoder = new InboundDecoder(MediaCodec.PCMU, 160);
        datagram.put(0, (byte) 0x80).put(1, (byte) 0x00).put(2, (byte) 0x7f);
        assertThat(decoder.decode(datagram, 3)).isEqualTo(3);
        assertThat(Arrays.copyOf(decoder.samples(), 3)).containsExactly((short) 32124, (short) -32124, (short) 0);
    }
}
