package io.callrobot.cli;

import static io.callrobot.cli.CampaignEndToEndTest.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.sim.Callee;
import io.callrobot.sim.InboundEventSocket;
import io.callrobot.sim.InboundSettings;
import io.callrobot.sim.SimulatedCall;
import io.callrobot.store.AttemptRow;
import io.callrobot.store.AttemptState;
import io.callrobot.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Two robots on one real PostgreSQL database dial one campaign through one switch: each takes the
 * calls it originates itself, every contact is called exactly once, and when one robot goes away
 * mid-campaign the other settles what it left in flight once its leases expire.
 */
@ExtendWith(TwoRobotsCampaignTest.OnPostgres.class)
class TwoRobotsCampaignTest {

    private static final int CONTACTS = 100;
    private static final String A = "robot-a";
    private static final String B = "robot-b";

    private final CampaignEndToEndTest api = new CampaignEndToEndTest();

    private static String phone(int i) {
        return String.format("1370000%04d", i);
    }

    @Test
    void twoRobotsShareACampaignAndCallEveryContactOnceEachTakingItsOwnCalls(TestDatabase db) throws Exception {
        int port = freePort();
        int media = mediaPorts();
        try (Rig a = robot(A, db, port, media); Rig b = robot(B, db, port, media + 200)) {
            // an odd period: robots taking turns at the contacts each meet every kind of callee
            InboundEventSocket fs = a.switchboard.startInbound(callees(port, i -> switch (i % 5) {
                case 0 -> Callee.answer();
                case 1 -> Callee.busy();
                case 2 -> Callee.hangupAfter(Duration.ofMillis(300), "NO_ANSWER");
                case 3 -> Callee.hangup("UNALLOCATED_NUMBER");
                default -> Callee.answerAfter(Duration.ofMillis(100));
            }));
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService callee = Executors.newVirtualThreadPerTaskExecutor();
            callee.submit(() -> hangUpAnsweredCalls(a, fs, attempt -> true, done));

            String robotA = "http://127.0.0.1:" + a.robot.httpPort();
            // slow enough per robot that the second robot, reading the campaigns every 2 s, joins in
            long id = startCampaign(robotA, 10, 5);
            awaitCompleted(robotA, id, Duration.ofSeconds(40));
            done.set(true);
            callee.close();

            assertEveryContactDoneOnce(robotA, id, fs);
            Map<String, String> robotOf = robotOfAttempt(db);
            assertThat(Set.copyOf(robotOf.values())).as("both robots placed calls").containsExactlyInAnyOrder(A, B);

            List<AttemptRow> answeredAttempts = a.robot.store().attempts().inState(AttemptState.ENDED, 1000).stream()
                    .filter(attempt -> "answered".equals(attempt.outcome())).toList();
            assertThat(answeredAttempts).hasSize(2 * CONTACTS / 5);
            assertThat(answeredAttempts).extracting(AttemptRow::robotId).as("both robots took answered calls")
                    .contains(A, B);
            Map<String, Rig> rigs = Map.of(A, a, B, b);
            for (AttemptRow attempt : answeredAttempts) {
                Rig originator = rigs.get(attempt.robotId());
                Rig other = rigs.get(attempt.robotId().equals(A) ? B : A);
                // the switch handed the call to the socket of the robot that originated it, and only that robot logged it
                SimulatedCall call = fs.awaitCall(attempt.callUuid(), Duration.ofSeconds(1));
                assertThat(call.spec().eslPort()).as("call %s", call.uuid()).isEqualTo(originator.robot.eslPort());
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> originator.recorded(attempt.callUuid()));
                assertThat(other.recorded(attempt.callUuid())).isFalse();
                var record = a.robot.store().callRecords().get(attempt.callUuid()).orElseThrow();
                assertThat(record.contactId()).isEqualTo(attempt.contactId());
                assertThat(record.campaignId()).isEqualTo(id);
                assertThat(attempt.result()).isEqualTo(record.result());
            }
        }
    }

    @Test
    void whenOneRobotGoesAwayTheOtherSettlesWhatItLeftInFlightAndFinishesTheCampaign(TestDatabase db)
            throws Exception {
        int port = freePort();
        int media = mediaPorts();
        try (Rig b = robot(B, db, port, media + 200)) {
            // the switch is robot B's side of the rig: it stays up when robot A goes
            // an odd period: robots taking turns at the contacts each meet both kinds of callee
            InboundEventSocket fs = b.switchboard.startInbound(callees(port, i -> i % 3 == 2
                    ? Callee.busy() : Callee.answerAfter(Duration.ofMillis(200))));
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService callee = Executors.newVirtualThreadPerTaskExecutor();
            // robot A's answered calls stay up until it goes away: it leaves them in flight
            callee.submit(() -> hangUpAnsweredCalls(b, fs, attempt -> attempt.robotId().equals(B), done));
            Rig a = robot(A, db, port, media);
            boolean aRunning = true;
            List<AttemptRow> leftByA;
            long id;
            try {
                id = startCampaign("http://127.0.0.1:" + a.robot.httpPort(), 10, 10);
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> inFlight(b, A).stream()
                        .filter(attempt -> attempt.state() == AttemptState.ANSWERED).count() >= 3);
                a.close();
                aRunning = false;
            } finally {
                if (aRunning) {
                    a.close();
                }
            }
            leftByA = inFlight(b, A);
            assertThat(leftByA).isNotEmpty();

            // leases of 10 s: robot B settles robot A's attempts once they expire, then completes the campaign
            String robotB = "http://127.0.0.1:" + b.robot.httpPort();
            awaitCompleted(robotB, id, Duration.ofSeconds(35));
            done.set(true);
            callee.close();

            assertEveryContactDoneOnce(robotB, id, fs);
            assertThat(Set.copyOf(robotOfAttempt(db).values())).containsExactlyInAnyOrder(A, B);
            for (AttemptRow left : leftByA) {
                AttemptRow settled = b.robot.store().attempts().get(left.callUuid()).orElseThrow();
                assertThat(settled.state()).isEqualTo(AttemptState.ENDED);
                // what robot A recorded of the call, or, with no record, ended unknown: never redialled
                if (b.robot.store().callRecords().get(left.callUuid()).isPresent()) {
                    assertThat(settled.outcome()).as(settled.toString()).isEqualTo("answered");
                    // robot A's call log told everyone of the call's end, its stopped dialer included
                    assertThat(a.recorded(left.callUuid())).as("robot A logged %s", left.callUuid()).isTrue();
                } else {
                    assertThat(settled.outcome()).as(settled.toString()).isEqualTo("failed");
                    assertThat(settled.hangupCause()).isEqualTo("RECONCILED");
                }
            }
        }
    }

    /** Every contact done after exactly one attempt, and each number dialled exactly once at the switch. */
    private void assertEveryContactDoneOnce(String robotApi, long id, InboundEventSocket fs) throws Exception {
        JsonNode counts = api.get(robotApi + "/api/campaigns/" + id).path("counts");
        assertThat(counts.path("byStatus").path("done").asInt()).isEqualTo(CONTACTS);
        var rows = api.results(robotApi, id);
        assertThat(rows).hasSize(CONTACTS);
        for (int i = 0; i < CONTACTS; i++) {
            assertThat(rows.get(phone(i)).get("attempts")).as("contact %d", i).isEqualTo("1");
        }
        Map<String, Long> dialled = fs.dialledNumbers().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(dialled).hasSize(CONTACTS).allSatisfy((number, times) -> assertThat(times).as(number).isEqualTo(1));
        assertThat(fs.refusals()).isEmpty();
    }

    /** Each attempt's robot, by call uuid; also checks there is exactly one attempt per contact. */
    private static Map<String, String> robotOfAttempt(TestDatabase db) throws SQLException {
        Map<String, String> robots = new HashMap<>();
        List<Long> contacts = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT call_uuid, robot_id, contact_id FROM attempts")) {
            while (r.next()) {
                robots.put(r.getString(1), r.getString(2));
                contacts.add(r.getLong(3));
            }
        }
        assertThat(contacts).as("one attempt per contact").hasSize(CONTACTS).doesNotHaveDuplicates();
        return robots;
    }

    private static List<AttemptRow> inFlight(Rig rig, String robotId) {
        return rig.robot.store().attempts().inFlight(robotId);
    }

    private static InboundSettings callees(int port, Function<Integer, Callee> callee) {
        InboundSettings settings = InboundSettings.defaults().withPort(port).withSessionsPerSecond(500);
        for (int i = 0; i < CONTACTS; i++) {
            settings = settings.withCallee(phone(i), callee.apply(i));
        }
        return settings;
    }

    /** Creates a campaign of {@link #CONTACTS} contacts through a robot's API, one attempt each at most, and starts it. */
    private long startCampaign(String robotApi, int maxConcurrent, int callsPerSecond) throws Exception {
        String body = """
                {"name": "两台机器人", "flow": "payment-reminder-zh", "dialString": "loopback/${phone}/default",
                 "callerIds": ["02150001000"], "variables": {"due_date": "12月5日", "amount": "100.00"},
                 "window": {"timezone": "UTC", "days": ["mon","tue","wed","thu","fri","sat","sun"], "hours": ["00:00-24:00"]},
                 "pacing": {"maxConcurrent": %d, "callsPerSecond": %d},
                 "retry": {"maxAttempts": 1}}
                """.formatted(maxConcurrent, callsPerSecond);
        long id = api.post(robotApi + "/api/campaigns", "application/json", body.getBytes(StandardCharsets.UTF_8), 201)
                .path("id").asLong();
        StringBuilder csv = new StringBuilder("phone,customer_name\n");
        for (int i = 0; i < CONTACTS; i++) {
            csv.append(phone(i)).append(",客户").append(i).append('\n');
        }
        JsonNode imported = api.post(robotApi + "/api/campaigns/" + id + "/contacts", "text/csv",
                csv.toString().getBytes(StandardCharsets.UTF_8), 200);
        assertThat(imported.path("accepted").asInt()).isEqualTo(CONTACTS);
        api.post(robotApi + "/api/campaigns/" + id + "/start", "application/json", new byte[0], 200);
        return id;
    }

    private void awaitCompleted(String robotApi, long id, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(robotApi + "/api/campaigns/" + id).path("state").asText().equals("completed"));
    }

    /** The callees' side: hangs up the answered calls {@code which} selects once the robot has them. */
    private static void hangUpAnsweredCalls(Rig rig, InboundEventSocket fs, Predicate<AttemptRow> which,
            AtomicBoolean done) {
        Set<String> handled = ConcurrentHashMap.newKeySet();
        while (!done.get()) {
            for (AttemptRow attempt : rig.robot.store().attempts().inState(AttemptState.ANSWERED, 500)) {
                if (which.test(attempt) && handled.add(attempt.callUuid())) {
                    try {
                        fs.awaitCall(attempt.callUuid(), Duration.ofSeconds(5)).hangup("NORMAL_CLEARING");
                    } catch (Exception e) {
                        handled.remove(attempt.callUuid()); // not at the robot yet: tried again on the next round
                    }
                }
            }
            try {
                Thread.sleep(50); // a polling period, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The robot's settings: the shared database, its own name and media ports, the one switch. */
    private static Rig robot(String robotId, TestDatabase db, int inboundPort, int mediaPortMin) throws Exception {
        Map<String, String> env = new HashMap<>(CampaignEndToEndTest.dialerOn(inboundPort));
        env.put("CALLROBOT_DIALER_ROBOT_ID", robotId);
        env.put("CALLROBOT_DIALER_LEASE", "10s");
        env.put("CALLROBOT_STORE_URL", db.config().url());
        env.put("CALLROBOT_STORE_USER", db.config().user());
        if (db.config().password() != null) {
            env.put("CALLROBOT_STORE_PASSWORD", db.config().password());
        }
        env.put("CALLROBOT_MEDIA_PORT_MIN", Integer.toString(mediaPortMin));
        env.put("CALLROBOT_MEDIA_PORT_MAX", Integer.toString(mediaPortMin + 199));
        return new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults(), env);
    }

    /** The first of 400 free-looking media ports: 200 for each robot. */
    private static int mediaPorts() {
        return 30000 + 2 * ThreadLocalRandom.current().nextInt(0, 13800);
    }

    /** A database of its own on the test PostgreSQL server for each test, dropped when the test ends. */
    static final class OnPostgres implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestDatabase.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getStore(ExtensionContext.Namespace.create(OnPostgres.class)).getOrComputeIfAbsent(
                    TestDatabase.class, k -> TestDatabase.create(TestDatabase.Kind.POSTGRESQL, context),
                    TestDatabase.class);
        }
    }
}
