package io.callrobot.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RobotAudioTest {

    private static void receive(RobotAudio audio, int frames) {
        ByteBuffer payload = ByteBuffer.allocate(4);
        for (int i = 0; i < frames; i++) {
            payload.clear().put(0, (byte) i);
            audio.received(payload, 1_000L + i * 20_000_000L);
        }
    }

    @Test
    void withoutCaptureKeepsCountsAndRecentArrivalsOnly() {
        RobotAudio audio = new RobotAudio(ReceiveSettings.statisticsOnly(Duration.ofMillis(60)));
        receive(audio, 3000);
        assertThat(audio.count()).isEqualTo(3000);
        assertThat(audio.firstNanos()).isEqualTo(1_000L);
        assertThat(audio.lastNanos()).isEqualTo(1_000L + 2999 * 20_000_000L);
        assertThat(audio.arrivalOf(2999)).isEqualTo(audio.lastNanos());
        assertThat(audio.arrivalsFrom(2990)).hasSize(10).startsWith(1_000L + 2990 * 20_000_000L);
        assertThat(audio.frame(2999).payload()).isEmpty();
        assertThat(audio.timing().frames()).isEqualTo(3000);
        assertThatThrownBy(() -> audio.arrivalOf(0)).hasMessageContaining("older than the last 2048");
        assertThatThrownBy(() -> audio.arrivalOf(3000)).hasMessageContaining("not received yet");
        assertThatThrownBy(audio::frames).hasMessageContaining("not captured");
    }

    @Test
    void captureKeepsTheLatestFramesUpToItsBound() {
        RobotAudio audio = new RobotAudio(new ReceiveSettings(10, Duration.ofMillis(200)));
        receive(audio, 15);
        assertThat(audio.frames()).hasSize(10);
        assertThat(audio.frames().get(0).payload()).startsWith((byte) 5).hasSize(4);
        assertThat(audio.frame(14).arrivalNanos()).isEqualTo(audio.lastNanos());
    }
}
