package io.callrobot.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class MediaCodecTest {

    @Test
    void decodesMuLawLikeTheReferenceTable() throws IOException {
        short[] reference = referenceTable("ulaw-dec.raw");
        for (int code = 0; code < 256; code++) {
            assertThat(G711.ulawToLinear(code)).as("mu-law 0x%02x", code).isEqualTo(reference[code]);
        }
    }

    @Test
    void decodesALawLikeTheReferenceTable() throws IOException {
        short[] reference = referenceTable("alaw-dec.raw");
        for (int code = 0; code < 256; code++) {
            assertThat(G711.alawToLinear(code)).as("A-law 0x%02x", code).isEqualTo(reference[code]);
        }
    }

    @Test
    void knownG711CodePoints() {
        // G.711 tables 1a and 2a: code words on the wire, decoder outputs scaled to 16 bits.
        assertThat(G711.linearToUlaw(0)).isEqualTo((byte) 0xff);
        assertThat(G711.ulawToLinear(0x00)).isEqualTo((short) -32124);
        assertThat(G711.ulawToLinear(0x80)).isEqualTo((short) 32124);
        assertThat(G711.linearToUlaw(32767)).isEqualTo((byte) 0x80);
        assertThat(G711.linearToUlaw(-32768)).isEqualTo((byte) 0x00);
        assertThat(G711.linearToAlaw(0)).isEqualTo((byte) 0xd5);
        assertThat(G711.alawToLinear(0xd5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear(0x55)).isEqualTo((short) -8);
        assertThat(G711.alawToLinear(0xaa)).isEqualTo((short) 32256);
        assertThat(G711.linearToAlaw(32767)).isEqualTo((byte) 0xaa);
        assertThat(G711.linearToAlaw(-32768)).isEqualTo((byte) 0x2a);
    }

    @Test
    void everyCodeWordRoundTrips() {
        for (int code = 0; code < 256; code++) {
            short ulaw = G711.ulawToLinear(code);
            assertThat(G711.ulawToLinear(G711.linearToUlaw(ulaw))).isEqualTo(ulaw);
            short alaw = G711.alawToLinear(code);
            assertThat(G711.linearToAlaw(alaw) & 0xff).as("A-law 0x%02x", code).isEqualTo(code);
        }
    }

    @Test
    void encodingErrorStaysWithinTheSegmentStep() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            int ulawError = Math.abs(G711.ulawToLinear(G711.linearToUlaw(x)) - x);
            int alawError = Math.abs(G711.alawToLinear(G711.linearToAlaw(x)) - x);
            int magnitude = Math.abs(x);
            assertThat(ulawError).as("mu-law %d", x).isLessThanOrEqualTo(Math.max(8, magnitude / 16 + 132));
            assertThat(alawError).as("A-law %d", x).isLessThanOrEqualTo(Math.max(16, magnitude / 16 + 16));
        }
    }

    @Test
    void encodesAndDecodesFramesPerCodec() {
        short[] samples = {0, 1000, -1000, 32000, -32000};
        for (MediaCodec codec : MediaCodec.values()) {
            ByteBuffer wire = ByteBuffer.allocate(samples.length * codec.bytesPerSample()).order(ByteOrder.LITTLE_ENDIAN);
            codec.encode(samples, samples.length, wire);
            assertThat(wire.position()).isEqualTo(samples.length * codec.bytesPerSample());
            short[] back = new short[samples.length];
            codec.decode(wire, 0, samples.length, back);
            for (int i = 0; i < samples.length; i++) {
                assertThat(Math.abs(back[i] - samples[i])).as("%s sample %d", codec, i)
                        .isLessThanOrEqualTo(codec == MediaCodec.L16 ? 0 : 1100);
            }
        }
        ByteBuffer l16 = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
        MediaCodec.L16.encode(new short[] {0x1234}, 1, l16);
        assertThat(l16.array()).containsExactly(0x34, 0x12);
    }

    /** 256 little-endian samples decoded by sox from the code words 0x00..0xff. */
    private static short[] referenceTable(String name) throws IOException {
        try (InputStream in = MediaCodecTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            short[] table = new short[256];
            bytes.asShortBuffer().get(table);
            return table;
        }
    }
}
