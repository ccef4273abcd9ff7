package io.callrobot.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.esl.EslEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallInfoTest {

    private static CallInfo info(Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(Map.of("Unique-ID", "u-1", "Channel-Read-Codec-Rate", "8000"));
        headers.putAll(extra);
        return CallInfo.from(new EslEvent(headers, ""));
    }

    @Test
    void theCampaignsRecordingChoiceWinsOverTheFlowsWhichWinsOverTheServers() {
        assertThat(info(Map.of()).recorded(null, true)).isTrue();
        assertThat(info(Map.of()).recorded(null, false)).isFalse();
        assertThat(info(Map.of()).recorded(false, true)).isFalse();
        assertThat(info(Map.of()).recorded(true, false)).isTrue();
        assertThat(info(Map.of("variable_callrobot_record", "false")).recorded(true, true)).isFalse();
        assertThat(info(Map.of("variable_callrobot_record", "TRUE")).recorded(false, false)).isTrue();
        // anything else is no choice
        assertThat(info(Map.of("variable_callrobot_record", "yes")).recorded(false, true)).isFalse();
    }

    @Test
    void theReadRateVariableWinsOverTheCodecHeader() {
        CallInfo info = info(Map.of("variable_read_rate", "16000"));
        assertThat(info.sampleRate()).isEqualTo(16000);
        assertThat(info.rateText()).isEqualTo("16000");
    }

    @Test
    void noRateAtAllMeansNarrowband() {
        CallInfo info = CallInfo.from(new EslEvent(Map.of("Unique-ID", "u-1"), ""));
        assertThat(info.sampleRate()).isEqualTo(CallInfo.DEFAULT_RATE);
        assertThat(info.rateText()).isNull();
    }

    @Test
    void meaninglessRatesAreKeptAsReadNotTakenFor8kHz() {
        assertThat(info(Map.of("variable_read_rate", "0")).sampleRate()).isZero();
        assertThat(info(Map.of("variable_read_rate", "-8000")).sampleRate()).isEqualTo(-8000);
        CallInfo text = info(Map.of("variable_read_rate", "abc"));
        assertThat(text.sampleRate()).isEqualTo(CallInfo.UNREADABLE_RATE);
        assertThat(text.rateText()).isEqualTo("abc");
    }
}
