package io.callrobot.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.media.PcmAudio;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class WireAudioTest {

    @Test
    void rendersPaddedFramesInBothFormatsWithVoicedFlags() {
        short[] samples = new short[200]; // one full 8 kHz frame and 40 samples of the next
        samples[0] = 1000;
        samples[1] = -2;
        WireAudio.Utterance u = WireAudio.encode(samples, 160);
        assertThat(u.frames()).isEqualTo(2);
        assertThat(u.voiced()).containsExactly(true, false);
        ByteBuffer l16 = u.frame(0, false).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(l16.remaining()).isEqualTo(320);
        assertThat(l16.getShort(0)).isEqualTo((short) 1000);
        assertThat(l16.getShort(2)).isEqualTo((short) -2);
        ByteBuffer pcmu = u.frame(1, true);
        assertThat(pcmu.remaining()).isEqualTo(160);
        assertThat(pcmu.get(pcmu.limit() - 1)).isEqualTo(MuLaw.encode((short) 0)); // padding is silence
        assertThat(MuLaw.decode(u.frame(0, true).get(0))).isBetween((short) 960, (short) 1040);
    }

    @Test
    void theSameAudioIsRenderedOncePerRate() {
        WireAudio wire = new WireAudio();
        PcmAudio audio = new PcmAudio(16000, new short[3200]);
        assertThat(wire.render(audio, 8000)).isSameAs(wire.render(audio, 8000));
        assertThat(wire.render(audio, 8000).frames()).isEqualTo(10);
        assertThat(wire.render(audio, 16000).frames()).isEqualTo(10);
        assertThat(wire.render(audio, 16000).samplesPerFrame()).isEqualTo(320);
    }
}
