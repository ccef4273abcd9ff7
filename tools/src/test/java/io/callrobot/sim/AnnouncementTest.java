package io.callrobot.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.media.PcmAudio;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnnouncementTest {

    private final PcmAudio beep = new PcmAudio(8000, new short[] {1000, -1000, 1000, -1000});

    @Test
    void repeatsWithSilenceBetweenAndKeepsHangingUp() {
        Announcement twice = Announcement.of(beep).times(2, Duration.ofMillis(1));
        assertThat(twice.audio().samples()).containsExactly(1000, -1000, 1000, -1000, 0, 0, 0, 0, 0, 0, 0, 0,
                1000, -1000, 1000, -1000);
        assertThat(twice.hangsUp()).isTrue();
        assertThat(twice.thenSilence().hangsUp()).isFalse();
    }

    @Test
    void sitTonesComeFirstAndLastOneSecondAndAQuarter() {
        Announcement vacant = Announcement.of(beep).afterSit("IC");
        // SR-2275 IC: 274 + 274 + 380 ms
        assertThat(vacant.audio().samples()).hasSize(8000 * 928 / 1000 + 4);
        assertThat(vacant.audio().samples()).endsWith((short) 1000, (short) -1000, (short) 1000, (short) -1000);
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> Announcement.of(beep).afterSit("XX")).hasMessageContaining("unknown SIT code XX");
        assertThatThrownBy(() -> Announcement.of(new PcmAudio(8000, new short[0]))).hasMessageContaining("needs some audio");
        assertThatThrownBy(() -> Announcement.of(beep).times(0, Duration.ZERO)).hasMessageContaining("at least one play");
        assertThatThrownBy(() -> new Callee(Callee.Kind.RING, Duration.ZERO, null, Announcement.of(beep)))
                .hasMessageContaining("only an answered call");
    }
}
