package io.callrobot.cli;

import static io.callrobot.cli.CallEndToEndTest.CUSTOMER;
import static io.callrobot.cli.CallEndToEndTest.QUIET;
import static io.callrobot.cli.CallEndToEndTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callrobot.ops.CallRecord;
import io.callrobot.sim.SimulatedCall;
import io.callrobot.store.CallQuery;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.CallSummary;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A campaign's call, as the dialer will originate it, ends up in the store beside the call log. */
class CallRecordStoreEndToEndTest {

    @Test
    void aCampaignCallsRecordIsStoredWithItsCampaignContactAndTranscript() throws Exception {
        try (Rig rig = Rig.standard()) {
            Map<String, String> variables = new HashMap<>(CUSTOMER);
            variables.put("callrobot_campaign_id", "12");
            variables.put("callrobot_contact_id", "345");
            SimulatedCall call = rig.call("payment-reminder-zh", variables);
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.campaignId()).isEqualTo(12L);
            assertThat(record.contactId()).isEqualTo(345L);

            CallRecordRow stored = await().atMost(WAIT)
                    .until(() -> rig.robot.store().callRecords().get(call.uuid()).orElse(null), r -> r != null);
            assertThat(stored.campaignId()).isEqualTo(12L);
            assertThat(stored.contactId()).isEqualTo(345L);
            assertThat(stored.result()).isEqualTo("caller_hangup");
            assertThat(stored.hangupCause()).isEqualTo("NORMAL_CLEARING");
            assertThat(stored.direction()).isEqualTo("outbound");
            assertThat(stored.transcript()).startsWith("robot: ").contains("请问您是张三本人吗");
            assertThat(stored.recordJson()).contains("\"uuid\":\"" + call.uuid() + "\"").contains("\"campaignId\":12");
            assertThat(rig.robot.store().callRecords().find(CallQuery.latest(10).withCampaign(12L)))
                    .extracting(CallSummary::callUuid).containsExactly(call.uuid());
            // counted once the save has returned
            await().atMost(WAIT).until(() -> rig.robot.metrics().scrape()
                    .contains("callrobot_store_call_records_saved_total 1.0"));
        }
    }

    @Test
    void aMalformedCampaignIdIsKeptOutAndNamedInTheRecord() throws Exception {
        try (Rig rig = Rig.standard()) {
            Map<String, String> variables = new HashMap<>(CUSTOMER);
            variables.put("callrobot_campaign_id", "twelve");
            SimulatedCall call = rig.call("payment-reminder-zh", variables);
            call.awaitFirstRobotAudio(WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.campaignId()).isNull();
            assertThat(record.errors()).contains("channel variable callrobot_campaign_id is not an id: 'twelve'");
            CallRecordRow stored = await().atMost(WAIT)
                    .until(() -> rig.robot.store().callRecords().get(call.uuid()).orElse(null), r -> r != null);
            assertThat(stored.campaignId()).isNull();
        }
    }
}
