package io.callrobot.amd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SitToneDetectorTest {

    private static final int RATE = 8000;

    @ParameterizedTest
    @CsvSource({
            // SR-2275: IC 913.8/274, 1370.6/274, 1776.7/380; VC 985.2/380, 1370.6/274; RO 913.8/274, 1428.5/380; NC all high, long
            "913.8, 274, 1370.6, 274, IC, invalid_number",
            "985.2, 380, 1370.6, 274, VC, invalid_number",
            "913.8, 274, 1428.5, 380, RO, unreachable",
            "985.2, 380, 1428.5, 380, NC, unreachable",
    })
    void namesEachSequenceInNoise(double f1, int d1, double f2, int d2, String code, String result) {
        short[] audio = concat(silence(300), tone(f1, d1, -20), tone(f2, d2, -20), tone(1776.7, 380, -20),
                noise(1000, -70));
        addNoise(audio, -45, 3); // 25 dB SNR
        List<SitTone> found = feed(new SitToneDetector(), audio, 160);
        assertThat(found).hasSize(1);
        SitTone t = found.getFirst();
        assertThat(t.code()).isEqualTo(code);
        assertThat(t.result()).isEqualTo(AmdResult.fromWireName(result));
        assertThat(t.firstHz()).isEqualTo(f1);
        assertThat(t.secondHz()).isEqualTo(f2);
        assertThat(t.firstMillis()).isBetween(d1 - 40, d1 + 20);
        // found 200 ms into the third tone
        assertThat(t.endMillis()).isBetween(300L + d1 + d2 + 180, 300L + d1 + d2 + 260);
    }

    @Test
    void e180FormAndOddFrameSizes() {
        short[] audio = concat(tone(950, 330, -25), silence(20), tone(1400, 330, -25), silence(20), tone(1800, 330, -25));
        List<SitTone> found = feed(new SitToneDetector(), audio, 77);
        assertThat(found).singleElement().satisfies(t -> {
            assertThat(t.code()).isEqualTo("E180");
            assertThat(t.result()).isEqualTo(AmdResult.UNREACHABLE);
        });
    }

    @Test
    void outOfOrderOrTooShortTonesAreNoSequence() {
        SitToneDetector d = new SitToneDetector();
        assertThat(feed(d, concat(tone(1776.7, 380, -20), tone(1370.6, 274, -20), tone(913.8, 274, -20), silence(500)), 160)).isEmpty();
        assertThat(feed(d, concat(tone(913.8, 120, -20), tone(1370.6, 120, -20), tone(1776.7, 380, -20), silence(500)), 160)).isEmpty();
        assertThat(feed(d, concat(tone(913.8, 274, -20), silence(200), tone(1370.6, 274, -20), tone(1776.7, 380, -20)), 160)).isEmpty();
    }

    @Test
    void dtmfDigitsNearTheSitFrequenciesAreNotTones() {
        // Q.23: '*' = 941 + 1209 Hz, '0' = 941 + 1336 Hz, '8' = 852 + 1336 Hz; digits of 300 ms each
        short[] audio = concat(dual(941, 1336, 400), dual(941, 1209, 400), dual(852, 1336, 400), dual(941, 1633, 400),
                dual(941, 1336, 400));
        assertThat(feed(new SitToneDetector(), audio, 160)).isEmpty();
    }

    @Test
    void speechLikeSignalIsNotATone() {
        // harmonic-rich voiced sound with a gliding pitch and a formant, syllable-rate envelope, 5 s
        Random random = new Random(11);
        short[] audio = new short[RATE * 5];
        double phase = 0;
        for (int i = 0; i < audio.length; i++) {
            double t = (double) i / RATE;
            double pitch = 120 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * pitch / RATE;
            double v = 0;
            for (int h = 1; h <= 25; h++) {
                double freq = h * pitch;
                double formant = Math.exp(-Math.pow((freq - 700 - 600 * Math.sin(2 * Math.PI * 1.3 * t)) / 300, 2))
                        + 0.5 * Math.exp(-Math.pow((freq - 1400) / 250, 2));
                v += formant * Math.sin(h * phase) / h;
            }
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            audio[i] = (short) (6000 * envelope * v + random.nextGaussian() * 30);
        }
        assertThat(feed(new SitToneDetector(), audio, 160)).isEmpty();
    }

    @Test
    void resetForgetsAHalfHeardSequence() {
        SitToneDetector d = new SitToneDetector();
        assertThat(feed(d, concat(tone(913.8, 274, -20), tone(1370.6, 274, -20)), 160)).isEmpty();
        d.reset();
        assertThat(feed(d, tone(1776.7, 380, -20), 160)).isEmpty();
    }

    static List<SitTone> feed(SitToneDetector d, short[] audio, int frame) {
        List<SitTone> found = new ArrayList<>();
        for (int at = 0; at < audio.length; at += frame) {
            SitTone t = d.process(audio, at, Math.min(frame, audio.length - at));
            if (t != null) {
                found.add(t);
            }
        }
        return found;
    }

    static short[] tone(double hz, int millis, double dbfs) {
        short[] s = new short[RATE * millis / 1000];
        double amplitude = 32767 * Math.pow(10, dbfs / 20) * Math.sqrt(2);
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return s;
    }

    private static short[] dual(double a, double b, int millis) {
        short[] x = tone(a, millis, -23);
        short[] y = tone(b, millis, -21);
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) (x[i] + y[i]);
        }
        return concat(x, silence(100));
    }

    static short[] silence(int millis) {
        return new short[RATE * millis / 1000];
    }

    private static short[] noise(int millis, double dbfs) {
        short[] s = silence(millis);
        addNoise(s, dbfs, 5);
        return s;
    }

    private static void addNoise(short[] s, double dbfs, long seed) {
        Random random = new Random(seed);
        double sigma = 32767 * Math.pow(10, dbfs / 20);
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s[i] + random.nextGaussian() * sigma));
        }
    }

    static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] all = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
