package io.callrobot.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.time.ManualClock;
import io.callrobot.vad.EnergyVad;
import io.callrobot.vad.VadConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallerAudioTest {

    private static final int RATE = 8000;
    private static final int FRAME = RATE / 50;

    private final ManualClock clock = new ManualClock();
    private final List<String> edges = new ArrayList<>();
    private final CallerAudio audio = new CallerAudio(new EnergyVad(RATE, FRAME, new VadConfig(-40, -45, 40, 200)),
            RATE, 40_000_000L, 200_000_000L, new CallerAudio.Edges() {
                @Override
                public void speechStarted(long firstVoicedNanos) {
                    edges.add("started " + millis(firstVoicedNanos));
                }

                @Override
                public void speechEnded(long lastVoicedNanos) {
                    edges.add("ended " + millis(lastVoicedNanos));
                }

                @Override
                public void voicePaused(long lastVoicedNanos) {
                    edges.add("quiet after " + millis(lastVoicedNanos));
                }

                @Override
                public void voiceResumed(long nowNanos) {
                    edges.add("voice again " + millis(nowNanos));
                }
            }, clock);

    private long millis(long nanos) {
        return (nanos - 1_000_000_000L) / 1_000_000;
    }

    /** Frames arrive every 20 ms; each is stamped when it arrives, at the end of its 20 ms. */
    private void frames(int count, short level) {
        short[] frame = new short[FRAME];
        Arrays.fill(frame, level);
        for (int i = 0; i < count; i++) {
            clock.advance(20, TimeUnit.MILLISECONDS);
            audio.onAudio(frame, FRAME);
        }
    }

    @Test
    void reportsTheVoiceGoingQuietAndComingBackWithinSpeechBeforeItsEnd() {
        frames(2, (short) 10_000); // 40 ms of voice: speech from the first frame
        frames(3, (short) 0);      // quiet, not yet the 200 ms that end speech
        frames(1, (short) 10_000);
        frames(10, (short) 0);     // 200 ms of quiet: speech over
        assertThat(edges).containsExactly("started 20", "quiet after 40", "voice again 120",
                "quiet after 120", "ended 120");
    }
}
