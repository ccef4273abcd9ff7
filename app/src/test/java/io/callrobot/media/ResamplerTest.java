package io.callrobot.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    private final ResamplerFactory resamplers = new ResamplerFactory();

    @Test
    void keepsPassBandToneWhenHalvingTheRate() {
        short[] out = oneShot(resamplers.create(16000, 8000), sine(16000, 1000, 16000, 10000));
        assertThat(out).hasSize(8000);
        assertThat(gainDb(out, 8000, 1000, 10000)).isBetween(-0.5, 0.5);
    }

    @Test
    void removesToneAboveTheNewNyquistFrequency() {
        short[] out = oneShot(resamplers.create(16000, 8000), sine(16000, 6000, 16000, 10000));
        // A 6 kHz tone would alias to 2 kHz at 8 kHz: measure the whole output's level.
        assertThat(rmsDb(out, 800, out.length - 800, 10000)).isLessThan(-40);
    }

    @Test
    void doublingTheRateKeepsToneAndSuppressesItsImage() {
        short[] out = oneShot(resamplers.create(8000, 16000), sine(8000, 1000, 8000, 10000));
        assertThat(out).hasSize(16000);
        assertThat(gainDb(out, 16000, 1000, 10000)).isBetween(-0.5, 0.5);
        assertThat(gainDb(out, 16000, 7000, 10000)).isLessThan(-40);
    }

    @ParameterizedTest
    @CsvSource({"300", "1000", "2000", "3000", "3400"})
    void halfBandKeepsTheTelephoneBandBothWays(int hz) {
        short[] up = oneShot(resamplers.create(8000, 16000), sine(8000, hz, 8000, 10000));
        assertThat(gainDb(up, 16000, hz, 10000)).isBetween(-0.1, 0.1);
        // the image a 2:1 interpolation leaves of a tone mirrors it about 4 kHz
        assertThat(gainDb(up, 16000, 8000 - hz, 10000)).isLessThan(-40);
        short[] down = oneShot(resamplers.create(16000, 8000), sine(16000, hz, 16000, 10000));
        assertThat(gainDb(down, 8000, hz, 10000)).isBetween(-0.1, 0.1);
    }

    @ParameterizedTest
    @CsvSource({"4600", "5000", "6000", "7500"})
    void halvingTheRateSuppressesWhatWouldFoldIntoTheBand(int hz) {
        short[] out = oneShot(resamplers.create(16000, 8000), sine(16000, hz, 16000, 10000));
        assertThat(rmsDb(out, 800, out.length - 800, 10000)).isLessThan(-55);
        short[] up = oneShot(resamplers.create(8000, 16000), sine(8000, 8000 - hz, 8000, 10000));
        assertThat(gainDb(up, 16000, hz, 10000)).as("image at %d Hz", hz).isLessThan(-55);
    }

    @Test
    void doublingTheRateKeepsEveryInputSampleAsItIs() {
        Random random = new Random(7);
        short[] input = new short[1000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (short) random.nextInt(-30000, 30000);
        }
        short[] out = oneShot(resamplers.create(8000, 16000), input);
        assertThat(out).hasSize(2000);
        for (int i = 0; i < input.length; i++) {
            assertThat(out[2 * i]).as("sample %d", i).isEqualTo(input[i]);
        }
    }

    @ParameterizedTest
    @CsvSource({"8000,16000", "16000,8000", "24000,48000", "48000,24000"})
    void ratiosOfTwoTakeTheHalfBandPath(int inRate, int outRate) {
        Resampler resampler = resamplers.create(inRate, outRate);
        assertThat(resampler).isInstanceOfAny(HalfBandUpsampler.class, HalfBandDownsampler.class);
        assertThat(resampler.inRate()).isEqualTo(inRate);
        assertThat(resampler.outRate()).isEqualTo(outRate);
        assertThat(resamplers.tables()).as("no polyphase table designed").isZero();
        short[] odd = sine(inRate, 1000, 1001, 10000);
        assertThat(oneShot(resampler, odd)).hasSize((int) Math.ceil(1001.0 * outRate / inRate));
    }

    @ParameterizedTest
    @CsvSource({"22050,8000", "24000,8000", "44100,16000", "48000,8000", "8000,24000", "16000,22050"})
    void convertsOtherRatePairsWithoutLosingThePassBand(int inRate, int outRate) {
        short[] out = oneShot(resamplers.create(inRate, outRate), sine(inRate, 1000, inRate, 10000));
        assertThat(out.length).isEqualTo(outRate);
        assertThat(gainDb(out, outRate, 1000, 10000)).isBetween(-0.5, 0.5);
    }

    @ParameterizedTest
    @CsvSource({"16000,8000", "8000,16000", "22050,8000", "24000,16000"})
    void chunkedOutputEqualsOneShotOutput(int inRate, int outRate) {
        Random random = new Random(inRate * 31L + outRate);
        short[] input = new short[inRate / 2];
        for (int i = 0; i < input.length; i++) {
            input[i] = (short) (8000 * Math.sin(i * 0.07) + random.nextGaussian() * 2000);
        }
        short[] whole = oneShot(resamplers.create(inRate, outRate), input);

        Resampler chunked = resamplers.create(inRate, outRate);
        short[] pieces = new short[0];
        int pos = 0;
        while (pos < input.length) {
            int len = Math.min(input.length - pos, random.nextInt(700));
            pieces = concat(pieces, chunked.process(input, pos, len));
            pos += len;
        }
        pieces = concat(pieces, chunked.flush());

        assertThat(pieces).hasSameSizeAs(whole);
        for (int i = 0; i < whole.length; i++) {
            assertThat(Math.abs(pieces[i] - whole[i])).as("sample %d", i).isLessThanOrEqualTo(1);
        }
    }

    @ParameterizedTest
    @CsvSource({"8000,16000", "16000,8000", "8000,8000"})
    void frameIntoAReusedArrayEqualsTheAllocatingForm(int inRate, int outRate) {
        short[] input = sine(inRate, 700, inRate / 2, 9000);
        Resampler allocating = resamplers.create(inRate, outRate);
        Resampler reusing = resamplers.create(inRate, outRate);
        int frame = inRate / 50;
        short[] out = new short[0];
        for (int pos = 0; pos + frame <= input.length; pos += frame) {
            short[] expected = allocating.process(input, pos, frame);
            assertThat(reusing.outputFor(frame)).isEqualTo(expected.length);
            if (out.length < expected.length) {
                out = new short[expected.length + 4];
            }
            int written = reusing.process(input, pos, frame, out);
            assertThat(Arrays.copyOf(out, written)).as("frame at %d", pos).isEqualTo(expected);
        }
    }

    @Test
    void anOutputArrayTooSmallForTheFrameIsRefused() {
        Resampler resampler = resamplers.create(8000, 16000);
        short[] frame = new short[160];
        assertThatThrownBy(() -> resampler.process(frame, 0, 160, new short[100]))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void flushMakesItReadyForANewStream() {
        Resampler resampler = resamplers.create(16000, 8000);
        short[] input = sine(16000, 500, 4000, 5000);
        short[] first = oneShot(resampler, input);
        short[] second = oneShot(resampler, input);
        assertThat(second).containsExactly(first);
    }

    @Test
    void equalRatesCopyTheInput() {
        Resampler identity = resamplers.create(8000, 8000);
        short[] input = {1, -2, 3, 4};
        short[] out = identity.process(input, 1, 2);
        assertThat(out).containsExactly(-2, 3);
        assertThat(identity.flush()).isEmpty();
    }

    @Test
    void factorySharesOneTablePerRatePairAndBoundsItsCache() {
        Resampler a = resamplers.create(22050, 8000);
        Resampler b = resamplers.create(22050, 8000);
        resamplers.create(24000, 8000);
        assertThat(resamplers.tables()).isEqualTo(2);
        for (int rate = 1000; resamplers.tables() < ResamplerFactory.MAX_TABLES; rate += 1000) {
            resamplers.create(rate, 8000);
        }
        Resampler uncached = resamplers.create(96000, 8000);
        assertThat(resamplers.tables()).isEqualTo(ResamplerFactory.MAX_TABLES);
        short[] tone = sine(96000, 1000, 96000, 10000);
        assertThat(gainDb(oneShot(uncached, tone), 8000, 1000, 10000)).isBetween(-0.5, 0.5);
        assertThat(a.inRate()).isEqualTo(b.inRate()).isEqualTo(22050);
    }

    @Test
    void aChunkLargerThanTheInternalBlockConvertsLikeSmallPieces() {
        short[] input = sine(22050, 700, 3 * 22050, 9000);
        short[] whole = oneShot(resamplers.create(22050, 8000), input);
        Resampler pieces = resamplers.create(22050, 8000);
        short[] out = new short[0];
        for (int pos = 0; pos < input.length; pos += 100) {
            out = concat(out, pieces.process(input, pos, Math.min(100, input.length - pos)));
        }
        out = concat(out, pieces.flush());
        assertThat(out).hasSameSizeAs(whole);
        for (int i = 0; i < whole.length; i++) {
            assertThat(Math.abs(out[i] - whole[i])).as("sample %d", i).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void rejectsBadRates() {
        assertThatThrownBy(() -> resamplers.create(0, 8000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resamplers.create(8000, 8191)).isInstanceOf(IllegalArgumentException.class);
        assertThat(resamplers.tables()).isZero();
    }

    static short[] sine(int rate, double hz, int samples, double amplitude) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    private static short[] oneShot(Resampler resampler, short[] input) {
        return concat(resampler.process(input, 0, input.length), resampler.flush());
    }

    private static short[] concat(short[] a, short[] b) {
        short[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Level of the {@code hz} component (a 0.5 s window from the middle) relative to a sine of {@code amplitude}. */
    private static double gainDb(short[] signal, int rate, double hz, double amplitude) {
        int n = rate / 2;
        int from = (signal.length - n) / 2;
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * hz * (from + i) / rate;
            re += signal[from + i] * Math.cos(angle);
            im += signal[from + i] * Math.sin(angle);
        }
        double magnitude = 2 * Math.hypot(re, im) / n;
        return 20 * Math.log10(magnitude / amplitude);
    }

    private static double rmsDb(short[] signal, int from, int to, double amplitude) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) signal[i] * signal[i];
        }
        double rms = Math.sqrt(sum / (to - from));
        return 20 * Math.log10(rms / (amplitude / Math.sqrt(2)));
    }
}
