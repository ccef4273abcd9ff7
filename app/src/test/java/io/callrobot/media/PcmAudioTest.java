package io.callrobot.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class PcmAudioTest {

    @Test
    void roundTripsThroughWav() {
        short[] samples = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, 1234};
        PcmAudio back = PcmAudio.fromWav(new PcmAudio(16000, samples).toWav());
        assertThat(back.sampleRate()).isEqualTo(16000);
        assertThat(back.samples()).containsExactly(samples);
    }

    @Test
    void readsStreamedWavWhoseDataSizeOverrunsTheFile() {
        byte[] wav = new PcmAudio(22050, new short[] {5, 6, 7}).toWav();
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7ffff000);
        assertThat(PcmAudio.fromWav(wav).samples()).containsExactly(5, 6, 7);
    }

    @Test
    void averagesStereoToMono() {
        ByteBuffer b = ByteBuffer.allocate(44 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(44).putInt(0x45564157).putInt(0x20746d66).putInt(16)
                .putShort((short) 1).putShort((short) 2).putInt(8000).putInt(32000)
                .putShort((short) 4).putShort((short) 16).putInt(0x61746164).putInt(8)
                .putShort((short) 100).putShort((short) 300).putShort((short) -10).putShort((short) -30);
        assertThat(PcmAudio.fromWav(b.array()).samples()).containsExactly(200, -20);
    }

    @Test
    void rejectsNonWavAndNonPcm() {
        assertThatThrownBy(() -> PcmAudio.fromWav("hello world, not audio".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RIFF");
        byte[] wav = new PcmAudio(8000, new short[4]).toWav();
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putShort(34, (short) 8);
        assertThatThrownBy(() -> PcmAudio.fromWav(wav)).hasMessageContaining("8 bits");
    }

    @Test
    void resamplesAWholeClipKeepingDurationAndTone() {
        int n = 22050;
        short[] tone = new short[n]; // one second of 440 Hz
        for (int i = 0; i < n; i++) {
            tone[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / 22050.0));
        }
        PcmAudio eight = new PcmAudio(22050, tone).resampled(8000);
        assertThat(eight.sampleRate()).isEqualTo(8000);
        assertThat(eight.samples().length).isBetween(7999, 8001);
        // 440 Hz at 8 kHz crosses zero upwards 440 times a second
        int crossings = 0;
        for (int i = 1; i < eight.samples().length; i++) {
            if (eight.samples()[i - 1] < 0 && eight.samples()[i] >= 0) {
                crossings++;
            }
        }
        assertThat(crossings).isBetween(438, 441);
        PcmAudio same = new PcmAudio(8000, tone);
        assertThat(same.resampled(8000)).isSameAs(same);
    }
}
