package io.callrobot.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.campaign.dialer.Dialer;
import io.callrobot.campaign.dialer.DialerConfig;
import io.callrobot.campaign.pacing.SwitchLimits;
import io.callrobot.esl.EslConfig;
import io.callrobot.esl.InboundEslConfig;
import io.callrobot.esl.inbound.originate.EslOriginator;
import io.callrobot.esl.inbound.originate.OriginatorListener;
import io.callrobot.sim.Callee;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.InboundSettings;
import io.callrobot.store.AttemptState;
import io.callrobot.store.CampaignState;
import io.callrobot.store.ContactRow;
import io.callrobot.store.ContactStatus;
import io.callrobot.store.NewContact;
import io.callrobot.store.Store;
import io.callrobot.store.StoreConfig;
import io.callrobot.time.ManualClock;
import io.callrobot.time.SystemCallClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dialer's rules on a clock the test moves: call windows, retries, daily caps and pause, with a
 * real store and the simulator's event socket (every callee busy, so no call reaches a robot).
 */
class DialerRulesTest {

    /** Monday 2026-12-07 08:59 in Shanghai: a minute before the window opens. */
    private static final Instant MONDAY_0859 = Instant.parse("2026-12-07T00:59:00Z");

    @TempDir
    Path dir;

    private final ManualClock wall = new ManualClock(MONDAY_0859);
    private final FreeSwitchSimulator fs = new FreeSwitchSimulator();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
    private SystemCallClock timers;
    private Store store;
    private EslOriginator originator;
    private Dialer dialer;

    @BeforeEach
    void start() throws Exception {
        var inbound = fs.startInbound(InboundSettings.defaults().withSessionsPerSecond(500).withOtherCallees(Callee.busy()));
        store = Store.open(StoreConfig.embedded(dir), new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return wall.instant();
            }
        });
        timers = new SystemCallClock("dialer-test-timers");
        Dialer[] made = new Dialer[1];
        EslConfig esl = EslConfig.defaults().withInbound(InboundEslConfig.defaults().withAddress("127.0.0.1", inbound.port()));
        originator = new EslOriginator(esl, "127.0.0.1:9", timers, new OriginatorListener() {
            @Override
            public void onConnected(boolean reconnected) {
                made[0].onConnected(reconnected);
            }
        });
        dialer = new Dialer(store, originator, DialerConfig.defaults(), "robot-test", new SwitchLimits(100, 100),
                wall, System::nanoTime, thread, null);
        made[0] = dialer;
        originator.start();
        dialer.start();
    }

    @AfterEach
    void stop() throws Exception {
        dialer.close();
        originator.close();
        thread.shutdownNow();
        timers.close();
        fs.close();
        store.close();
    }

    private long campaign(int dailyCapPerNumber) {
        return campaign(dailyCapPerNumber, CampaignState.RUNNING);
    }

    /** A campaign of two contacts, running or (never seen running by the dialer) paused. */
    private long campaign(int dailyCapPerNumber, CampaignState state) {
        CampaignSettings settings = CampaignSettingsJson.read("""
                {"name": "rules", "flow": "payment-reminder-zh", "dialString": "loopback/${phone}/default",
                 "window": {"timezone": "Asia/Shanghai", "days": ["mon","tue","wed","thu","fri"], "hours": ["09:00-12:00"]},
                 "pacing": {"maxConcurrent": 10, "callsPerSecond": 50},
                 "retry": {"busy": {"afterMinutes": 10, "maxAttempts": 2}},
                 "dailyCapPerNumber": %d}
                """.formatted(dailyCapPerNumber), null);
        long id = store.campaigns().create(CampaignRecords.toNew(settings)).id();
        store.contacts().add(id, List.of(new NewContact("13800000001", "{}", 2), new NewContact("13800000002", "{}", 3)));
        store.campaigns().setState(id, CampaignState.RUNNING);
        if (state == CampaignState.PAUSED) {
            store.campaigns().setState(id, CampaignState.PAUSED);
        }
        dialer.wake();
        return id;
    }

    private List<ContactRow> contacts(long id) {
        return store.contacts().page(id, 0, 10);
    }

    private int attempts() {
        return store.attempts().inState(AttemptState.ENDED, 100).size();
    }

    @Test
    void noCallStartsBeforeTheWindowAndBusyIsRetriedAfterTenMinutesUntilMaxAttempts() {
        long id = campaign(3);
        // the dialer looks at the clock twice a second: two seconds of looking, no call before 09:00
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> attempts() == 0);

        wall.advance(1, TimeUnit.MINUTES); // 09:00, the window opens
        dialer.wake();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> contacts(id).stream()
                .allMatch(c -> c.status() == ContactStatus.RETRY_WAIT));
        assertThat(contacts(id)).allSatisfy(c -> {
            assertThat(c.attempts()).isEqualTo(1);
            assertThat(c.nextAttemptAt()).isEqualTo(MONDAY_0859.plusSeconds(60 + 600));
        });

        wall.advance(10, TimeUnit.MINUTES);
        dialer.wake();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> contacts(id).stream()
                .allMatch(c -> c.status() == ContactStatus.DONE));
        assertThat(contacts(id)).allSatisfy(c -> {
            assertThat(c.attempts()).isEqualTo(2);
            assertThat(c.finalOutcome()).isEqualTo("busy");
        });
        assertThat(attempts()).isEqualTo(4);
    }

    @Test
    void aNumberAtItsDailyCapWaitsForTheNextDaysWindow() {
        long id = campaign(1);
        wall.advance(1, TimeUnit.MINUTES);
        dialer.wake();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts() == 2);

        wall.advance(10, TimeUnit.MINUTES); // the busy retry is due, but each number had its one call today
        dialer.wake();
        Instant tuesday0900 = Instant.parse("2026-12-08T01:00:00Z");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> contacts(id).stream()
                .allMatch(c -> tuesday0900.equals(c.nextAttemptAt())));
        assertThat(attempts()).isEqualTo(2);

        wall.advance(Duration.between(wall.instant(), tuesday0900).toMinutes(), TimeUnit.MINUTES);
        dialer.wake();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> contacts(id).stream()
                .allMatch(c -> c.status() == ContactStatus.DONE && c.attempts() == 2));
    }

    @Test
    void aPausedCampaignStartsNoCallUntilResumed() {
        long id = campaign(3, CampaignState.PAUSED);
        wall.advance(1, TimeUnit.MINUTES);
        dialer.wake();
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> attempts() == 0);

        store.campaigns().setState(id, CampaignState.RUNNING);
        dialer.wake();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts() == 2);
    }
}
