package io.callrobot.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.callrobot.amd.AmdResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A flow's {@code amd:} section: parsed, validated with messages naming the flow and key, applied. */
class AmdPolicyTest {

    private static final String NODES = """
            nodes:
              ask:
                say: 你好，${customer_name}
                hangup: {result: done}
            """;

    private static Flow flow(String amd) {
        return TestFlows.parse("name: t\nlanguage: zh-CN\nstart: ask\n" + amd + NODES);
    }

    @Test
    void noSectionRunsOnCampaignCallsWaitsAndHangsUpOnEveryMachine() {
        AmdPolicy p = AmdPolicy.DEFAULT;
        assertThat(p.appliesTo(true)).isTrue();
        assertThat(p.appliesTo(false)).isFalse();
        assertThat(p.waitBeforeSpeaking()).isTrue();
        assertThat(p.action(AmdResult.UNREACHABLE)).isEqualTo(AmdPolicy.Action.HANGUP);
        assertThat(p.action(AmdResult.HUMAN)).isEqualTo(AmdPolicy.Action.CONTINUE);
        assertThat(p.action(AmdResult.UNKNOWN)).isEqualTo(AmdPolicy.Action.CONTINUE);
    }

    @Test
    void theSectionSetsActionsPerVerdictAndTheVoicemailIsATemplate() {
        AmdPolicy p = flow("""
                amd:
                  enabled: true
                  waitBeforeSpeaking: false
                  machine: leave_message
                  call_secretary: continue
                  voicemail: ${customer_name}您好，请回电。
                """).amd().policy();
        assertThat(p.appliesTo(false)).isTrue();
        assertThat(p.waitBeforeSpeaking()).isFalse();
        assertThat(p.action(AmdResult.MACHINE)).isEqualTo(AmdPolicy.Action.LEAVE_MESSAGE);
        assertThat(p.action(AmdResult.CALL_SECRETARY)).isEqualTo(AmdPolicy.Action.CONTINUE);
        assertThat(p.action(AmdResult.INVALID_NUMBER)).isEqualTo(AmdPolicy.Action.HANGUP);
        assertThat(p.voicemail(Map.of("customer_name", "张三"))).isEqualTo("张三您好，请回电。");
    }

    @Test
    void badActionsAndAMissingVoicemailAreNamed() {
        Throwable e = catchThrowable(() -> flow("""
                amd:
                  machine: leave_message
                  unreachable: hang_up
                """));
        assertThat(e).isInstanceOf(FlowException.class);
        assertThat(((FlowException) e).problems()).containsExactlyInAnyOrder(
                "test-flow.yaml: amd.unreachable: must be one of [hangup, continue, leave_message], was hang_up",
                "test-flow.yaml: amd.voicemail: is required when a verdict is leave_message (the message to leave)");
    }

    @Test
    void unknownKeysInTheSectionAreRefused() {
        Throwable e = catchThrowable(() -> flow("amd:\n  human: hangup\n"));
        assertThat(e).isInstanceOf(FlowException.class).hasMessageContaining("amd")
                .hasMessageContaining("unknown field 'human'");
    }
}
