package io.callrobot.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WavStreamDecoderTest {

    private static final long UNKNOWN = 0xFFFFFFFFL;

    /** What a decoder made of a whole stream. */
    private record Decoded(short[] samples, int rate, Optional<String> failure) {
    }

    private static short[] tone(int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) ((i * 7919) % 60000 - 30000);
        }
        return pcm;
    }

    private static byte[] le(short[] pcm) {
        ByteBuffer out = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        out.asShortBuffer().put(pcm);
        return out.array();
    }

    private static byte[] chunk(String id, byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body);
        return out.array();
    }

    private static byte[] fmt(int format, int channels, int rate, int bits) {
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        return chunk("fmt ", out.array());
    }

    private static byte[] dataHeader(long size) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) size).array();
    }

    private static byte[] wav(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        ByteBuffer out = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        return out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.size()).put(body.toByteArray()).array();
    }

    /** A streamed mono 16-bit WAV of {@code pcm} whose header declares {@code dataSize}. */
    private static byte[] streamed(short[] pcm, int rate, long dataSize) {
        return wav(fmt(1, 1, rate, 16), dataHeader(dataSize), le(pcm));
    }

    private static Decoded decode(byte[] stream, int... pieceSizes) {
        WavStreamDecoder decoder = new WavStreamDecoder(1 << 16);
        short[] all = new short[0];
        int pos = 0;
        for (int i = 0; pos < stream.length; i++) {
            int size = Math.min(pieceSizes[i % pieceSizes.length], stream.length - pos);
            short[] got = decoder.feed(stream, pos, size);
            all = concat(all, got);
            pos += size;
        }
        return new Decoded(all, decoder.sampleRate(), decoder.end());
    }

    private static short[] concat(short[] a, short[] b) {
        short[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void samplesArriveAsTheirBytesDoNotAtTheEnd() {
        byte[] stream = streamed(tone(1000), 16000, UNKNOWN);
        WavStreamDecoder decoder = new WavStreamDecoder(1 << 16);

        assertThat(decoder.feed(stream, 0, 44)).isEmpty();
        assertThat(decoder.sampleRate()).isEqualTo(16000);
        assertThat(decoder.feed(stream, 44, 641)).containsExactly(Arrays.copyOf(tone(1000), 320));
        assertThat(decoder.feed(stream, 685, 1)).containsExactly(tone(1000)[320]);
        assertThat(decoder.feed(stream, 686, 2)).containsExactly(tone(1000)[321]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 13, 20, 43, 45, 1001, 1 << 20})
    void anySplitGivesTheSameSamples(int piece) {
        Decoded decoded = decode(streamed(tone(2000), 16000, UNKNOWN), piece);

        assertThat(decoded.failure()).isEmpty();
        assertThat(decoded.samples()).containsExactly(tone(2000));
    }

    @Test
    void headerSplitAcrossUnevenPieces() {
        Decoded decoded = decode(streamed(tone(500), 24000, 1000), 5, 11, 2, 17, 1, 9, 333);

        assertThat(decoded.failure()).isEmpty();
        assertThat(decoded.rate()).isEqualTo(24000);
        assertThat(decoded.samples()).containsExactly(tone(500));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 0xFFFFFFFFL, 0x7FFFF000L, 2000})
    void everyDataSizeAStreamingServerWrites(long declared) {
        Decoded decoded = decode(streamed(tone(1000), 16000, declared), 37);

        assertThat(decoded.failure()).isEmpty();
        assertThat(decoded.samples()).containsExactly(tone(1000));
    }

    @Test
    void aDataSizeGuessedTooSmallStillGivesAllSamples() {
        Decoded decoded = decode(streamed(tone(1000), 16000, 600), 64);

        assertThat(decoded.failure()).isEmpty();
        assertThat(decoded.samples()).containsExactly(tone(1000));
    }

    @Test
    void otherChunksAreSkippedBeforeBetweenAndAfter() {
        byte[] list = chunk("LIST", "INFOISFT\u0005\u0000\u0000\u0000Lavf\u0000".getBytes(StandardCharsets.ISO_8859_1));
        byte[] fact = chunk("fact", new byte[] {(byte) 0xe8, 3, 0, 0});
        byte[] odd = chunk("junk", new byte[] {1, 2, 3});
        byte[] stream = wav(list, fmt(1, 1, 22050, 16), fact, odd, dataHeader(2000), le(tone(1000)), list);

        Decoded decoded = decode(stream, 3);

        assertThat(decoded.failure()).isEmpty();
        assertThat(decoded.rate()).isEqualTo(22050);
        assertThat(decoded.samples()).containsExactly(tone(1000));
    }

    @Test
    void stereoIsAveragedToMono() {
        short[] interleaved = {1000, 3000, -2000, -4000, 32767, 32767, -32768, -32768, 10, -10};
        byte[] stream = wav(fmt(1, 2, 48000, 16), dataHeader(UNKNOWN), le(interleaved));

        Decoded decoded = decode(stream, 3);

        assertThat(decoded.failure()).isEmpty();
        assertThat(decoded.samples()).containsExactly(2000, -3000, 32767, -32768, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 22050, 24000, 44100, 48000})
    void everyListedRate(int rate) {
        Decoded decoded = decode(streamed(tone(300), rate, 600), 7);

        assertThat(decoded.failure()).isEmpty();
        assertThat(decoded.rate()).isEqualTo(rate);
        assertThat(decoded.samples()).containsExactly(tone(300));
    }

    @Test
    void extensiblePcmIsPcm() {
        ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) 0xFFFE).putShort((short) 1).putInt(16000).putInt(32000).putShort((short) 2)
                .putShort((short) 16).putShort((short) 22).putShort((short) 16).putInt(0).putShort((short) 1);
        byte[] stream = wav(chunk("fmt ", fmt.array()), dataHeader(UNKNOWN), le(tone(100)));

        Decoded decoded = decode(stream, 9);

        assertThat(decoded.failure()).isEmpty();
        assertThat(decoded.samples()).containsExactly(tone(100));
    }

    @Test
    void endingBeforeThePromisedSizeIsAnError() {
        byte[] whole = streamed(tone(1000), 16000, 2000);

        Decoded decoded = decode(Arrays.copyOf(whole, whole.length - 500), 100);

        assertThat(decoded.samples()).hasSize(750);
        assertThat(decoded.failure()).contains("ended after 1500 of the 2000 data bytes its header promised");
    }

    @Test
    void aStrayByteAtTheEndIsAnError() {
        byte[] whole = streamed(tone(10), 16000, UNKNOWN);

        assertThat(decode(Arrays.copyOf(whole, whole.length + 1), 5).failure())
                .contains("ended inside a sample frame (1 stray bytes)");
    }

    @Test
    void formatLiesAreNamed() {
        assertThat(decode(wav(fmt(3, 1, 16000, 16), dataHeader(UNKNOWN), le(tone(10))), 4).failure())
                .contains("has format tag 3, not PCM (1)");
        assertThat(decode(wav(fmt(1, 1, 16000, 8), dataHeader(UNKNOWN), new byte[10]), 4).failure())
                .contains("has 8-bit samples, not 16-bit");
        assertThat(decode(wav(fmt(1, 3, 16000, 16), dataHeader(UNKNOWN), le(tone(12))), 4).failure())
                .contains("has 3 channels, not mono or stereo");
        assertThat(decode(wav(fmt(1, 1, 96000, 16), dataHeader(UNKNOWN), le(tone(12))), 4).failure())
                .contains("has a sample rate of 96000 Hz, not 8000 to 48000");
    }

    @Test
    void structureErrorsAreNamed() {
        byte[] mp3 = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(decode(mp3, 3).failure()).contains("is not a RIFF/WAVE stream (starts with \"ID3\\x04\")");
        assertThat(decode(new byte[0], 1).failure()).contains("is empty");
        assertThat(decode(Arrays.copyOf(streamed(tone(1), 16000, 2), 10), 3).failure())
                .contains("ended inside the RIFF header after 10 bytes");
        assertThat(decode(wav(dataHeader(UNKNOWN), le(tone(10))), 4).failure())
                .contains("has a data chunk before its fmt chunk");
        assertThat(decode(wav(fmt(1, 1, 16000, 16)), 4).failure()).contains("ended before any data chunk");
        assertThat(decode(wav(fmt(1, 1, 16000, 16), new byte[] {0, 0, 1, 2, 4, 0, 0, 0}), 4).failure())
                .contains("has a chunk named \"\\x00\\x00\\x01\\x02\", not a RIFF chunk id");
        assertThat(decode(wav(chunk("fmt ", new byte[12])), 4).failure())
                .contains("has a fmt chunk of 12 bytes (16 to 64 expected)");
    }

    @Test
    void metadataBeyondTheLimitFailsWithoutReadingIt() {
        WavStreamDecoder decoder = new WavStreamDecoder(100);
        byte[] stream = wav(chunk("LIST", new byte[1000]), fmt(1, 1, 16000, 16), dataHeader(UNKNOWN), le(tone(10)));

        assertThat(decoder.feed(stream, 0, stream.length)).isEmpty();
        assertThat(decoder.failure()).contains("has more than 100 bytes of non-audio chunks (\"LIST\")");
        assertThat(decoder.feed(stream, 0, stream.length)).isEmpty();
        assertThat(decoder.end()).isEqualTo(decoder.failure());
    }
}
