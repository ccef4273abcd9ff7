package io.callrobot.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.callrobot.esl.EslConfig;
import io.callrobot.esl.EslConnection;
import io.callrobot.esl.EslEvent;
import io.callrobot.esl.EslEventListener;
import io.callrobot.esl.EslOutboundServer;
import io.callrobot.esl.InboundEslConfig;
import io.callrobot.esl.inbound.originate.AttemptOutcome;
import io.callrobot.esl.inbound.originate.DialStringTemplate;
import io.callrobot.esl.inbound.originate.EslOriginator;
import io.callrobot.esl.inbound.originate.OriginateInDoubtException;
import io.callrobot.esl.inbound.originate.OriginateRequest;
import io.callrobot.esl.inbound.originate.OriginateResult;
import io.callrobot.esl.inbound.originate.OriginatorListener;
import io.callrobot.time.SystemCallClock;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The robot's originator against the simulator's inbound event socket, with the robot's real
 * outbound socket server taking the answered calls: every byte on both sockets is protocol.
 */
class OriginateThroughSimulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DialStringTemplate TEMPLATE = DialStringTemplate.parse("sofia/gateway/${gateway}/${phone}");

    private final FreeSwitchSimulator simulator = new FreeSwitchSimulator();
    private final SystemCallClock clock = new SystemCallClock("originate-test-clock");
    private final BlockingQueue<EslConnection> robotCalls = new LinkedBlockingQueue<>();
    private final Recorder recorder = new Recorder();
    private EslOutboundServer robot;
    private InboundEventSocket inbound;
    private EslOriginator originator;

    @AfterEach
    void tearDown() {
        if (originator != null) {
            originator.close();
        }
        simulator.close();
        if (robot != null) {
            robot.close();
        }
        clock.close();
    }

    @Test
    void anAnsweredCallReachesTheRobotWithItsUuidAndEveryVariable() throws Exception {
        start(InboundSettings.defaults().withCallee("13800138000", Callee.answerAfter(Duration.ofMillis(200))));
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("gateway", "carrier");
        variables.put("customer_name", "张三");
        variables.put("address", "上海市, 浦东新区 'A' 座");
        variables.put("amount", "1,280.50");
        variables.put("note", "  a\\b  ");
        OriginateRequest request = new OriginateRequest(UUID.randomUUID().toString(), "13800138000", TEMPLATE,
                "02150001000", Duration.ofSeconds(30), "payment-reminder-zh", "campaign-1", "contact-7", variables);

        OriginateResult result = originator.originate(request).get(10, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(AttemptOutcome.ANSWERED);
        assertThat(result.uuid()).isEqualTo(request.uuid());
        assertThat(result.cause()).isNull();
        assertThat(result.progressed()).isTrue();
        EslConnection call = robotCalls.poll(10, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        EslEvent data = call.channelData();
        assertThat(data.uniqueId()).isEqualTo(request.uuid());
        assertThat(data.header("Call-Direction")).isEqualTo("outbound");
        assertThat(data.header("Caller-Caller-ID-Number")).isEqualTo("02150001000");
        assertThat(data.header("Caller-Destination-Number")).isEqualTo("13800138000");
        assertThat(data.variable("customer_name")).isEqualTo("张三");
        assertThat(data.variable("address")).isEqualTo("上海市, 浦东新区 'A' 座");
        assertThat(data.variable("amount")).isEqualTo("1,280.50");
        assertThat(data.variable("note")).isEqualTo("  a\\b  ");
        assertThat(data.variable("robot_flow")).isEqualTo("payment-reminder-zh");
        assertThat(data.variable("callrobot_campaign_id")).isEqualTo("campaign-1");
        assertThat(data.variable("callrobot_contact_id")).isEqualTo("contact-7");
        assertThat(data.variable("ignore_early_media")).isEqualTo("true");
        assertThat(data.variable("origination_uuid")).isNull();
        assertThat(inbound.refusals()).isEmpty();

        call.hangup("NORMAL_CLEARING");
        assertThat(recorder.ended.poll(10, TimeUnit.SECONDS)).isEqualTo(request.uuid() + " NORMAL_CLEARING");
        assertThat(recorder.onVirtualThreads).isTrue();
        assertThat(originator.exists(request.uuid()).get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void everyWayAnAttemptFailsIsClassifiedWithItsCause() throws Exception {
        record Case(String number, Callee callee, AttemptOutcome outcome, String cause, boolean progressed) {
        }
        List<Case> cases = List.of(
                new Case("1001", Callee.busy(), AttemptOutcome.BUSY, "USER_BUSY", false),
                new Case("1002", Callee.hangup("UNALLOCATED_NUMBER"), AttemptOutcome.INVALID_NUMBER, "UNALLOCATED_NUMBER", false),
                new Case("1003", Callee.hangupAfter(Duration.ofMillis(100), "SUBSCRIBER_ABSENT"), AttemptOutcome.UNREACHABLE,
                        "SUBSCRIBER_ABSENT", true),
                new Case("1004", Callee.hangup("CALL_REJECTED"), AttemptOutcome.REJECTED, "CALL_REJECTED", false),
                new Case("1005", Callee.hangup("NORMAL_TEMPORARY_FAILURE"), AttemptOutcome.SWITCH_FAILURE,
                        "NORMAL_TEMPORARY_FAILURE", false),
                new Case("1006", Callee.noSession(), AttemptOutcome.SWITCH_FAILURE, "DESTINATION_OUT_OF_ORDER", false),
                new Case("1007", Callee.hangupAfter(Duration.ofMillis(100), "NO_USER_RESPONSE"), AttemptOutcome.NO_ANSWER,
                        "NO_USER_RESPONSE", true),
                new Case("1008", Callee.noAnswer(), AttemptOutcome.NO_ANSWER, "NO_ANSWER", true),
                new Case("1009", Callee.answerAfter(Duration.ofSeconds(5)), AttemptOutcome.NO_ANSWER, "NO_ANSWER", true));
        InboundSettings settings = InboundSettings.defaults();
        for (Case c : cases) {
            settings = settings.withCallee(c.number(), c.callee());
        }
        start(settings);
        Map<Case, CompletableFuture<OriginateResult>> results = new LinkedHashMap<>();
        for (Case c : cases) {
            results.put(c, originator.originate(request(c.number(), Duration.ofSeconds(1))));
        }
        for (Map.Entry<Case, CompletableFuture<OriginateResult>> entry : results.entrySet()) {
            Case c = entry.getKey();
            OriginateResult result = entry.getValue().get(10, TimeUnit.SECONDS);
            assertThat(result.outcome()).as(c.number()).isEqualTo(c.outcome());
            assertThat(result.cause()).as(c.number()).isEqualTo(c.cause());
            assertThat(result.progressed()).as(c.number()).isEqualTo(c.progressed());
        }
        assertThat(robotCalls).isEmpty();
        assertThat(recorder.ended).isEmpty();
    }

    @Test
    void theSwitchsSessionRateLimitRefusesTheSessionThatExceedsIt() throws Exception {
        // the clock stands still, so every originate falls in the same second
        start(InboundSettings.defaults().withSessionsPerSecond(3).withOtherCallees(Callee.busy()).withClock(() -> 0L));

        assertThat(originator.sessionsPerSecond().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        // switch_core_session_request_uuid takes one before checking: a limit of 3 starts 2 sessions a second
        assertThat(originator.originate(request("1", Duration.ofSeconds(5))).get(5, TimeUnit.SECONDS).outcome())
                .isEqualTo(AttemptOutcome.BUSY);
        assertThat(originator.originate(request("2", Duration.ofSeconds(5))).get(5, TimeUnit.SECONDS).outcome())
                .isEqualTo(AttemptOutcome.BUSY);
        OriginateResult throttled = originator.originate(request("3", Duration.ofSeconds(5))).get(5, TimeUnit.SECONDS);
        assertThat(throttled.outcome()).isEqualTo(AttemptOutcome.SWITCH_FAILURE);
        assertThat(throttled.cause()).isEqualTo("DESTINATION_OUT_OF_ORDER");
    }

    @Test
    void aRingingAttemptCanBeCancelled() throws Exception {
        start(InboundSettings.defaults().withOtherCallees(Callee.noAnswer()));
        OriginateRequest request = request("13900000000", Duration.ofSeconds(30));
        CompletableFuture<OriginateResult> pending = originator.originate(request);
        await().atMost(WAIT).until(() -> originator.exists(request.uuid()).get());

        assertThat(originator.hangup(request.uuid(), "ORIGINATOR_CANCEL").get(5, TimeUnit.SECONDS)).isTrue();

        OriginateResult result = pending.get(10, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(AttemptOutcome.FAILED);
        assertThat(result.cause()).isEqualTo("ORIGINATOR_CANCEL");
        assertThat(originator.exists(request.uuid()).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(originator.hangup(request.uuid(), "NORMAL_CLEARING").get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void anAnsweredCallWhoseRobotSocketFailsEndsAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        inbound = simulator.startInbound(InboundSettings.defaults());
        connect("127.0.0.1:" + closedPort, InboundEslConfig.defaults().withAddress("127.0.0.1", inbound.port()));
        assertThat(recorder.connects.poll(10, TimeUnit.SECONDS)).isEqualTo("connected");
        OriginateRequest request = request("13800138000", Duration.ofSeconds(30));

        assertThat(originator.originate(request).get(10, TimeUnit.SECONDS).answered()).isTrue();
        // socket_function fails and returns; with nothing after it the switch clears the call
        assertThat(recorder.ended.poll(15, TimeUnit.SECONDS)).isEqualTo(request.uuid() + " NORMAL_CLEARING");
    }

    @Test
    void aSwitchRestartFailsTheJobsInFlightAndTheOriginatorReconnects() throws Exception {
        start(InboundSettings.defaults().withOtherCallees(Callee.noAnswer()));
        int port = inbound.port();
        OriginateRequest request = request("13900000000", Duration.ofSeconds(30));
        CompletableFuture<OriginateResult> pending = originator.originate(request);
        await().atMost(WAIT).until(() -> inbound.channelExists(request.uuid()));

        inbound.stop();

        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(OriginateInDoubtException.class)
                .hasMessageContaining(request.uuid()).hasMessageContaining("outcome unknown")
                .hasMessageContaining("lost");
        assertThat(recorder.disconnects.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThatThrownBy(() -> originator.originate(request("13900000001", Duration.ofSeconds(30))).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(OriginateInDoubtException.class).hasMessageContaining("not connected");

        inbound = simulator.startInbound(InboundSettings.defaults().withPort(port));

        assertThat(recorder.connects.poll(10, TimeUnit.SECONDS)).isEqualTo("reconnected");
        assertThat(originator.isConnected()).isTrue();
        assertThat(originator.exists(request.uuid()).get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void anAnsweredCallThatEndedWhileTheSocketWasDownIsReportedAfterTheReconnect() throws Exception {
        start(InboundSettings.defaults());
        int port = inbound.port();
        OriginateRequest request = request("13800138000", Duration.ofSeconds(30));
        assertThat(originator.originate(request).get(10, TimeUnit.SECONDS).answered()).isTrue();
        assertThat(robotCalls.poll(10, TimeUnit.SECONDS)).isNotNull();

        inbound.stop(); // the switch goes away with the call
        assertThat(recorder.disconnects.poll(10, TimeUnit.SECONDS)).isNotNull();
        inbound = simulator.startInbound(InboundSettings.defaults().withPort(port));

        assertThat(recorder.connects.poll(10, TimeUnit.SECONDS)).isEqualTo("reconnected");
        // its CHANNEL_HANGUP_COMPLETE was never seen: uuid_exists tells it is gone, the cause is unknown
        assertThat(recorder.ended.poll(10, TimeUnit.SECONDS)).isEqualTo(request.uuid() + " null");
    }

    @Test
    void aRefusedPasswordIsReportedAndRetriedUntilTheSwitchAcceptsIt() throws Exception {
        inbound = simulator.startInbound(InboundSettings.defaults().withPassword("s3cret"));
        int port = inbound.port();
        connect("127.0.0.1:8040", InboundEslConfig.defaults().withAddress("127.0.0.1", port));

        await().atMost(WAIT).until(() -> originator.lastError().contains("refused the event socket password"));
        assertThat(originator.isConnected()).isFalse();
        assertThatThrownBy(() -> originator.originate(request("1", Duration.ofSeconds(5))).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(OriginateInDoubtException.class).hasMessageContaining("not connected");

        inbound.stop();
        inbound = simulator.startInbound(InboundSettings.defaults().withPort(port));

        assertThat(recorder.connects.poll(10, TimeUnit.SECONDS)).isEqualTo("connected");
        assertThat(originator.isConnected()).isTrue();
    }

    private void start(InboundSettings settings) throws Exception {
        robot = new EslOutboundServer(EslConfig.defaults().withPort(0), connection -> {
            robotCalls.add(connection);
            return new EslEventListener() {
                @Override
                public void onEvent(EslEvent event) {
                }

                @Override
                public void onDisconnect(String reason) {
                }
            };
        });
        int robotPort = robot.start();
        inbound = simulator.startInbound(settings);
        connect("127.0.0.1:" + robotPort, InboundEslConfig.defaults().withAddress("127.0.0.1", inbound.port()));
        assertThat(recorder.connects.poll(10, TimeUnit.SECONDS)).isEqualTo("connected");
    }

    private void connect(String socketAddress, InboundEslConfig config) {
        EslConfig esl = EslConfig.defaults().withInbound(config.withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        originator = new EslOriginator(esl, socketAddress, clock, recorder).start();
    }

    private static OriginateRequest request(String phone, Duration ringTimeout) {
        return new OriginateRequest(UUID.randomUUID().toString(), phone, TEMPLATE, null, ringTimeout, null, "c1", "k1",
                Map.of("gateway", "carrier"));
    }

    /** What the originator tells its listener, and on which threads. */
    private static final class Recorder implements OriginatorListener {
        final BlockingQueue<String> connects = new LinkedBlockingQueue<>();
        final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
        final BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        volatile boolean onVirtualThreads = true;

        @Override
        public void onConnected(boolean reconnected) {
            check();
            connects.add(reconnected ? "reconnected" : "connected");
        }

        @Override
        public void onDisconnected(String reason) {
            check();
            disconnects.add(reason);
        }

        @Override
        public void onCallEnded(String uuid, String hangupCause) {
            check();
            ended.add(uuid + " " + hangupCause);
        }

        private void check() {
            onVirtualThreads &= Thread.currentThread().isVirtual();
        }
    }
}
