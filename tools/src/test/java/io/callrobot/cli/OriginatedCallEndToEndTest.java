package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.esl.EslConfig;
import io.callrobot.esl.InboundEslConfig;
import io.callrobot.esl.inbound.originate.AttemptOutcome;
import io.callrobot.esl.inbound.originate.DialStringTemplate;
import io.callrobot.esl.inbound.originate.EslOriginator;
import io.callrobot.esl.inbound.originate.OriginateRequest;
import io.callrobot.esl.inbound.originate.OriginateResult;
import io.callrobot.esl.inbound.originate.OriginatorListener;
import io.callrobot.ops.CallRecord;
import io.callrobot.sim.InboundEventSocket;
import io.callrobot.sim.InboundSettings;
import io.callrobot.sim.SimulatedCall;
import io.callrobot.time.SystemCallClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A call the robot originates through the switch's event socket and then holds itself, flow and all. */
class OriginatedCallEndToEndTest {

    private static final Duration WAIT = CallEndToEndTest.WAIT;

    @Test
    void anOriginatedCallRunsItsFlowWithTheContactsVariablesUnderTheAttemptsUuid() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        OriginatorListener listener = new OriginatorListener() {
            @Override
            public void onConnected(boolean reconnected) {
                events.add("connected");
            }

            @Override
            public void onCallEnded(String uuid, String hangupCause) {
                events.add("ended " + uuid + " " + hangupCause);
            }
        };
        try (Rig rig = Rig.standard();
             SystemCallClock clock = new SystemCallClock("originate-clock")) {
            InboundEventSocket fs = rig.switchboard.startInbound(InboundSettings.defaults());
            EslConfig esl = EslConfig.defaults().withInbound(InboundEslConfig.defaults().withAddress("127.0.0.1", fs.port()));
            try (EslOriginator originator = new EslOriginator(esl, esl.socketAddress(rig.robot.eslPort()), clock, listener)
                    .start()) {
                assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("connected");
                Map<String, String> contact = new LinkedHashMap<>(CallEndToEndTest.CUSTOMER);
                contact.put("customer_name", "张三");
                OriginateRequest request = new OriginateRequest(UUID.randomUUID().toString(), "13800138000",
                        DialStringTemplate.parse("loopback/${phone}/default"), "02150001000", Duration.ofSeconds(30),
                        "payment-reminder-zh", "campaign-1", "contact-1", contact);

                OriginateResult result = originator.originate(request).get(10, TimeUnit.SECONDS);
                assertThat(result.outcome()).isEqualTo(AttemptOutcome.ANSWERED);

                SimulatedCall call = fs.awaitCall(request.uuid(), WAIT);
                assertThat(Rig.confirmAndPromiseByKeypad(call, WAIT, CallEndToEndTest.QUIET)).isEqualTo("NORMAL_CLEARING");
                CallRecord record = rig.record(request.uuid());
                assertThat(record.direction()).isEqualTo("outbound");
                assertThat(record.flow()).isEqualTo("payment-reminder-zh");
                assertThat(record.variables()).containsEntry("customer_name", "张三");
                assertThat(record.result()).isEqualTo("promise_to_pay");
                assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ended " + request.uuid() + " NORMAL_CLEARING");
            }
        }
    }
}
