package io.callrobot.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callrobot.ops.AmdRecord;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.live.LiveEvent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answering-machine detection on a campaign call, driven on the call's thread with a manual clock:
 * the opening waits for the verdict, a person gets it, announcements, voicemail and SIT tones end
 * the call with their result tag, and the verdict goes into the call record.
 */
class AnswerDetectionCallTest {

    private CallHarness call;

    @BeforeEach
    void connect() throws Exception {
        call = new CallHarness(Map.of("variable_callrobot_campaign_id", "7", "variable_callrobot_contact_id", "42"));
        call.start();
    }

    @AfterEach
    void close() throws Exception {
        call.close();
    }

    /** Lets {@code millis} pass in the detector's ticks. */
    private void pass(long millis) {
        for (long t = 0; t < millis; t += AnswerDetection.TICK_MILLIS) {
            call.advance(AnswerDetection.TICK_MILLIS);
        }
    }

    private AmdRecord amd() {
        return call.record().amd();
    }

    @Test
    void aPersonsGreetingThenAPauseGetsTheOpening() {
        assertThat(call.tts.streams).isEmpty(); // the opening waits for the verdict
        pass(300);
        call.callerSpeaks(0);
        pass(600);
        call.callerStops();
        call.asr.listener.onFinal("喂？");
        call.run();
        assertThat(call.tts.streams).isEmpty();
        pass(900);
        assertThat(call.tts.streams).hasSize(1);
        assertThat(call.tts.last().text()).contains("华信银行");
        call.hangup();
        CallRecord record = call.record();
        assertThat(record.amd().result()).isEqualTo("human");
        assertThat(record.amd().action()).isEqualTo("continue");
        assertThat(record.amd().atMillis()).isBetween(1700L, 1900L);
        assertThat(record.turns()).first().satisfies(t -> {
            assertThat(t.speaker()).isEqualTo("caller");
            assertThat(t.text()).isEqualTo("喂？");
        });
    }

    @Test
    void aCarrierAnnouncementHangsUpAsUnreachable() {
        pass(200);
        call.callerSpeaks(0);
        pass(1200);
        call.asr.listener.onPartial("您拨打的电话已关机");
        call.run();
        assertThat(call.esl.commands).anyMatch(c -> c.startsWith("hangup"));
        assertThat(call.ended()).isTrue();
        assertThat(call.tts.streams).isEmpty();
        CallRecord record = call.record();
        assertThat(record.result()).isEqualTo("unreachable");
        assertThat(amd().result()).isEqualTo("unreachable");
        assertThat(amd().action()).isEqualTo("hangup");
        assertThat(amd().evidence()).contains("已关机");
        assertThat(amd().atMillis()).isEqualTo(1400);
    }

    @Test
    void theVerdictIsPublishedToTheLiveConsoleBeforeTheCallEnds() {
        pass(200);
        call.callerSpeaks(0);
        pass(1200);
        call.asr.listener.onPartial("您拨打的电话已关机");
        call.run();

        LiveEvent.Amd published = new LiveEvent.Amd("call-under-test", "unreachable", amd().evidence(), "hangup", 1400);
        assertThat(amd().evidence()).contains("已关机");
        assertThat(call.live).filteredOn(e -> e instanceof LiveEvent.Amd).containsExactly(published);
        assertThat(call.live).containsSubsequence(published,
                new LiveEvent.Ended("call-under-test", "NORMAL_CLEARING", "unreachable"));
    }

    @Test
    void longUnbrokenSpeechIsAMachine() {
        pass(200);
        call.callerSpeaks(0);
        pass(3400);
        assertThat(call.ended()).isFalse();
        pass(200);
        assertThat(call.ended()).isTrue();
        assertThat(call.record().result()).isEqualTo("machine");
        assertThat(amd().evidence()).contains("without a pause");
        assertThat(call.tts.streams).isEmpty();
    }

    @Test
    void aVacantNumberSitToneIsAnInvalidNumber() throws Exception {
        // SR-2275 IC: 913.8 Hz then 1370.6 Hz, 274 ms each, then 1776.7 Hz 380 ms
        short[] tones = concat(tone(913.8, 280), tone(1370.6, 280), tone(1776.7, 380));
        call.send(tones);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
            call.run();
            return call.ended();
        });
        assertThat(call.record().result()).isEqualTo("invalid_number");
        assertThat(amd().evidence()).startsWith("SIT IC");
    }

    @Test
    void aWindowWithNothingConclusiveGoesOnWithTheOpening() {
        pass(4900);
        assertThat(call.tts.streams).isEmpty();
        pass(200);
        assertThat(call.tts.streams).hasSize(1);
        call.hangup();
        assertThat(amd().result()).isEqualTo("unknown");
        assertThat(amd().action()).isEqualTo("continue");
    }

    @Test
    void aCallNoCampaignPlacedRunsNoDetection() throws Exception {
        try (CallHarness plain = new CallHarness()) {
            plain.start();
            assertThat(plain.tts.streams).hasSize(1);
            plain.hangup();
            assertThat(plain.record().amd()).isNull();
        }
    }

    private static short[] tone(double hz, int millis) {
        int n = 8000 * millis / 1000;
        short[] pcm = new short[n];
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / 8000));
        }
        return pcm;
    }

    private static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] all = new short[n + 160 - n % 160];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
