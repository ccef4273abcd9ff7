package io.callrobot.store;

import static io.callrobot.store.CampaignStoreTest.campaign;
import static io.callrobot.store.CampaignStoreTest.contacts;
import static io.callrobot.store.CampaignStoreTest.phone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** What the dialer relies on: claims, leases, attempts, do-not-call and daily caps, on H2 and PostgreSQL. */
class DialerStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-03T01:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    /** The store's own clock: contacts are imported (and due) an hour before T0. */
    private static final Clock CLOCK = Clock.fixed(T0.minus(Duration.ofHours(1)), ZoneOffset.UTC);

    private static long campaignWith(Store store, int contacts) {
        long id = store.campaigns().create(campaign("dialer")).id();
        store.contacts().add(id, contacts(contacts));
        return id;
    }

    private static List<ContactRow> claim(Store store, long campaign, String robot, Instant now, int limit) {
        return store.contacts().claimDue(campaign, robot, now, now.plus(LEASE), limit);
    }

    private static Originating dial(Store store, ContactRow contact, String robot, String uuid, Instant at) {
        return store.attempts().recordOriginating(new NewAttempt(uuid, contact.campaignId(), contact.id(), robot,
                contact.phone(), "01012345678", at));
    }

    @OnBothDatabases
    void aClaimTakesDueContactsInOrderAndLeasesThem(TestDatabase db) {
        Store store = db.open(CLOCK);
        long id = campaignWith(store, 5);
        Instant now = T0;
        List<ContactRow> first = claim(store, id, "robot-1", now, 3);
        assertThat(first).extracting(ContactRow::phone).containsExactly(phone(0), phone(1), phone(2));
        assertThat(first).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(ContactStatus.DIALING);
            assertThat(c.leaseOwner()).isEqualTo("robot-1");
            assertThat(c.leaseUntil()).isEqualTo(Sql.stored(now.plus(LEASE)));
        });
        assertThat(claim(store, id, "robot-2", now, 10)).extracting(ContactRow::phone)
                .containsExactly(phone(3), phone(4));
        assertThat(claim(store, id, "robot-2", now, 10)).isEmpty();
        assertThat(store.contacts().renewLeases("robot-1", now.plus(LEASE).plusSeconds(60))).isEqualTo(3);
        assertThat(store.contacts().get(first.get(0).id()).orElseThrow().leaseUntil())
                .isEqualTo(Sql.stored(now.plus(LEASE).plusSeconds(60)));
        assertThatThrownBy(() -> store.contacts().claimDue(id, "robot-1", now, now, 1))
                .hasMessageStartingWith("leaseUntil must be after now");
    }

    @OnBothDatabases
    void aRetryIsClaimedOnlyOnceDue(TestDatabase db) {
        Store store = db.open(CLOCK);
        long id = campaignWith(store, 1);
        Instant now = T0;
        ContactRow contact = claim(store, id, "robot-1", now, 1).get(0);
        assertThat(dial(store, contact, "robot-1", "call-1", now)).isEqualTo(Originating.RECORDED);
        Instant retryAt = now.plus(Duration.ofMinutes(10));
        assertThat(store.attempts().finish(new AttemptEnd("call-1", "busy", "USER_BUSY", null, now.plusSeconds(3), null),
                ContactNext.retryAt(retryAt))).isTrue();
        ContactRow waiting = store.contacts().get(contact.id()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(ContactStatus.RETRY_WAIT);
        assertThat(waiting.nextAttemptAt()).isEqualTo(Sql.stored(retryAt));
        assertThat(waiting.leaseOwner()).isNull();
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.lastDurationMs()).isZero();

        assertThat(claim(store, id, "robot-1", retryAt.minusMillis(1), 5)).isEmpty();
        assertThat(claim(store, id, "robot-2", retryAt, 5)).extracting(ContactRow::id).containsExactly(contact.id());
    }

    @OnBothDatabases
    void twoRobotsClaimingAtOnceNeverGetTheSameContact(TestDatabase db) throws Exception {
        Store one = db.open(CLOCK);
        Store two = db.open(CLOCK);
        int total = 600;
        long id = campaignWith(one, total);
        Instant now = T0;
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> robots = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                Store store = t % 2 == 0 ? one : two;
                String robot = "robot-" + t;
                robots.add(threads.submit(() -> {
                    start.await();
                    for (List<ContactRow> batch = claim(store, id, robot, now, 7); !batch.isEmpty();
                            batch = claim(store, id, robot, now, 7)) {
                        for (ContactRow c : batch) {
                            if (!claimed.add(c.id())) {
                                duplicates.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> robot : robots) {
                robot.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(duplicates).hasValue(0);
        assertThat(claimed).hasSize(total);
        assertThat(one.campaigns().counts(id).byStatus()).containsEntry(ContactStatus.DIALING, (long) total);
    }

    @OnBothDatabases
    void aClaimNotYetCommittedHoldsOnlyTheContactsItTook(TestDatabase db) throws Exception {
        Store one = db.open(CLOCK);
        Store two = db.open(CLOCK);
        long id = campaignWith(one, 6);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<List<ContactRow>> held = threads.submit(() -> one.inTransaction(tx -> {
                List<ContactRow> mine = tx.contacts().claimDue(id, "robot-1", T0, T0.plus(LEASE), 2);
                claimed.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return mine;
            }));
            claimed.await();
            // robot-2 neither waits for robot-1's transaction nor gets its contacts
            assertThat(claim(two, id, "robot-2", T0, 2)).extracting(ContactRow::phone)
                    .containsExactly(phone(2), phone(3));
            release.countDown();
            assertThat(held.get()).extracting(ContactRow::phone).containsExactly(phone(0), phone(1));
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
        assertThat(claim(two, id, "robot-2", T0, 10)).extracting(ContactRow::phone).containsExactly(phone(4), phone(5));
    }

    @OnBothDatabases
    void anExpiredLeaseWithNothingInFlightIsClaimableAgain(TestDatabase db) {
        Store store = db.open(CLOCK);
        long id = campaignWith(store, 2);
        List<ContactRow> held = claim(store, id, "robot-dead", T0, 2);
        // robot-dead recorded an attempt for the second contact, then died
        assertThat(dial(store, held.get(1), "robot-dead", "call-in-flight", T0.plusSeconds(1)))
                .isEqualTo(Originating.RECORDED);
        Instant expired = T0.plus(LEASE);

        assertThat(claim(store, id, "robot-2", expired.minusMillis(1), 5)).isEmpty();
        assertThat(store.contacts().expiredLeases(expired.minusMillis(1), 10)).isEmpty();
        assertThat(claim(store, id, "robot-2", expired, 5)).extracting(ContactRow::id)
                .containsExactly(held.get(0).id());
        // the one with a call in flight waits for reconciliation
        assertThat(store.contacts().expiredLeases(expired, 10)).extracting(ContactRow::id)
                .containsExactly(held.get(1).id());
        assertThat(store.attempts().inFlight("robot-dead")).extracting(AttemptRow::callUuid)
                .containsExactly("call-in-flight");
        // the dead robot, back, can no longer dial what robot-2 took over
        assertThat(dial(store, held.get(0), "robot-dead", "late-call", expired.plusSeconds(1)))
                .isEqualTo(Originating.NOT_LEASED);
        assertThat(store.attempts().get("late-call")).isEmpty();

        assertThat(store.attempts().finish(new AttemptEnd("call-in-flight", "lost", null, null, expired, null),
                ContactNext.retryAt(expired))).isTrue();
        assertThat(store.contacts().expiredLeases(expired, 10)).isEmpty();
        assertThat(claim(store, id, "robot-2", expired, 5)).extracting(ContactRow::id)
                .containsExactly(held.get(1).id());
    }

    @OnBothDatabases
    void anAttemptIsRecordedOnlyUnderALiveLeaseAndOneAtATime(TestDatabase db) {
        Store store = db.open(CLOCK);
        long id = campaignWith(store, 2);
        ContactRow contact = claim(store, id, "robot-1", T0, 1).get(0);
        assertThat(dial(store, contact, "robot-2", "other-robot", T0)).isEqualTo(Originating.NOT_LEASED);
        assertThat(dial(store, contact, "robot-1", "too-late", T0.plus(LEASE))).isEqualTo(Originating.NOT_LEASED);
        assertThat(dial(store, contact, "robot-1", "call-1", T0.plusSeconds(1))).isEqualTo(Originating.RECORDED);
        assertThat(dial(store, contact, "robot-1", "call-2", T0.plusSeconds(2))).isEqualTo(Originating.IN_FLIGHT);
        assertThat(store.contacts().release(contact.id(), "robot-1", ContactNext.pendingAt(T0))).isFalse();

        ContactRow dialled = store.contacts().get(contact.id()).orElseThrow();
        assertThat(dialled.attempts()).isEqualTo(1);
        assertThat(dialled.lastCallUuid()).isEqualTo("call-1");
        assertThat(dialled.lastStartedAt()).isEqualTo(Sql.stored(T0.plusSeconds(1)));
        assertThat(dialled.lastDurationMs()).isNull();
        AttemptRow attempt = store.attempts().get("call-1").orElseThrow();
        assertThat(attempt.state()).isEqualTo(AttemptState.ORIGINATING);
        assertThat(attempt.robotId()).isEqualTo("robot-1");
        assertThat(attempt.callerId()).isEqualTo("01012345678");
        assertThat(attempt.phone()).isEqualTo(contact.phone());

        assertThat(store.attempts().jobAccepted("call-1", "job-1")).isTrue();
        assertThat(store.attempts().markAnswered("call-1", T0.plusSeconds(11))).isTrue();
        assertThat(store.attempts().markAnswered("call-1", T0.plusSeconds(12))).isFalse();
        assertThat(store.attempts().inState(AttemptState.ANSWERED, 10)).extracting(AttemptRow::jobUuid)
                .containsExactly("job-1");
        assertThatThrownBy(() -> store.attempts().recordOriginating(new NewAttempt("x", id, contact.id() + 100,
                "robot-1", "1", null, T0))).isInstanceOf(NoSuchElementException.class)
                .hasMessage("campaign " + id + " has no contact " + (contact.id() + 100));
    }

    @OnBothDatabases
    void finishingUpdatesTheAttemptAndItsContactTogetherOnce(TestDatabase db) throws Exception {
        Store store = db.open(CLOCK);
        long id = campaignWith(store, 1);
        ContactRow contact = claim(store, id, "robot-1", T0, 1).get(0);
        dial(store, contact, "robot-1", "call-1", T0);
        store.attempts().markAnswered("call-1", T0.plusSeconds(10));
        AttemptEnd end = new AttemptEnd("call-1", "answered", "NORMAL_CLEARING", "callback", T0.plusSeconds(70), null);

        // a transaction that fails after finishing leaves both as they were
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.attempts().finish(end, ContactNext.done("callback"));
            throw new IllegalStateException("webhook queue full");
        })).hasMessage("webhook queue full");
        assertThat(store.attempts().get("call-1").orElseThrow().state()).isEqualTo(AttemptState.ANSWERED);
        assertThat(store.contacts().get(contact.id()).orElseThrow().status()).isEqualTo(ContactStatus.DIALING);

        // the robot and the reconciliation finish at once: one wins, the contact follows the winner
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> robot = threads.submit(() -> {
                start.await();
                return store.attempts().finish(end, ContactNext.done("callback"));
            });
            Future<Boolean> reconciler = threads.submit(() -> {
                start.await();
                return store.attempts().finish(new AttemptEnd("call-1", "lost", null, null, T0.plusSeconds(200), null),
                        ContactNext.retryAt(T0.plusSeconds(3600)));
            });
            start.countDown();
            assertThat(List.of(robot.get(), reconciler.get())).containsExactlyInAnyOrder(true, false);
            AttemptRow attempt = store.attempts().get("call-1").orElseThrow();
            ContactRow after = store.contacts().get(contact.id()).orElseThrow();
            assertThat(attempt.state()).isEqualTo(AttemptState.ENDED);
            if (robot.get()) {
                assertThat(attempt.outcome()).isEqualTo("answered");
                assertThat(attempt.durationMs()).isEqualTo(60_000);
                assertThat(after.status()).isEqualTo(ContactStatus.DONE);
                assertThat(after.finalOutcome()).isEqualTo("callback");
                assertThat(after.result()).isEqualTo("callback");
                assertThat(after.nextAttemptAt()).isNull();
                assertThat(after.lastDurationMs()).isEqualTo(60_000);
            } else {
                assertThat(attempt.outcome()).isEqualTo("lost");
                assertThat(after.status()).isEqualTo(ContactStatus.RETRY_WAIT);
                assertThat(after.lastDurationMs()).isEqualTo(190_000);
            }
            assertThat(after.leaseOwner()).isNull();
        } finally {
            threads.shutdownNow();
        }
        assertThat(store.attempts().ofContact(contact.id())).hasSize(1);
        assertThatThrownBy(() -> store.attempts().finish(new AttemptEnd("nope", "x", null, null, T0, null),
                ContactNext.done("x"))).isInstanceOf(NoSuchElementException.class).hasMessage("no attempt nope");
    }

    @OnBothDatabases
    void doNotCallEntriesTakeEffectAtOnce(TestDatabase db) {
        Store store = db.open(CLOCK);
        long id = campaignWith(store, 4);
        long other = store.campaigns().create(campaign("other")).id();
        store.contacts().add(other, contacts(4));
        DoNotCall dnc = store.dnc();
        assertThat(dnc.add(phone(0), null, "complained")).isTrue();
        assertThat(dnc.add(phone(0), null, "again")).isFalse();
        assertThat(dnc.add(phone(1), id, "asked this campaign")).isTrue();
        assertThat(dnc.blocks(phone(0), other)).isTrue();
        assertThat(dnc.blocks(phone(1), id)).isTrue();
        assertThat(dnc.blocks(phone(1), other)).isFalse();
        assertThat(dnc.get(phone(0), null)).hasValueSatisfying(e -> {
            assertThat(e.reason()).isEqualTo("complained");
            assertThat(e.campaignId()).isNull();
        });

        assertThat(claim(store, id, "robot-1", T0, 10)).extracting(ContactRow::phone)
                .containsExactly(phone(2), phone(3));
        assertThat(claim(store, other, "robot-1", T0, 10)).extracting(ContactRow::phone)
                .containsExactly(phone(1), phone(2), phone(3));

        // a number added between the claim and the call is not called
        ContactRow claimed = store.contacts().find(id, phone(2)).orElseThrow();
        assertThat(dnc.addAll(List.of(phone(2), phone(3), phone(9)), id, "list upload")).isEqualTo(3);
        assertThat(dial(store, claimed, "robot-1", "call-x", T0)).isEqualTo(Originating.DO_NOT_CALL);
        assertThat(store.contacts().release(claimed.id(), "robot-1", ContactNext.doNotCall())).isTrue();
        assertThat(store.contacts().get(claimed.id()).orElseThrow().status()).isEqualTo(ContactStatus.DNC);

        assertThat(dnc.list(id, null, 2)).extracting(DncEntry::phone).containsExactly(phone(1), phone(2));
        assertThat(dnc.list(id, phone(2), 10)).extracting(DncEntry::phone).containsExactly(phone(3), phone(9));
        assertThat(dnc.remove(phone(0), null)).isTrue();
        assertThat(dnc.remove(phone(0), null)).isFalse();
        assertThat(claim(store, id, "robot-1", T0, 10)).extracting(ContactRow::phone)
                .containsExactly(phone(0));
        assertThatThrownBy(() -> dnc.add(phone(0), 0L, "x")).hasMessageStartingWith("campaignId must be positive");
    }

    @OnBothDatabases
    void reservationsRacingFromTwoPoolsNeverPassACap(TestDatabase db) throws Exception {
        Store one = db.open(CLOCK);
        Store two = db.open(CLOCK);
        LocalDate day = LocalDate.of(2026, 12, 3);
        int numbers = 6;
        int perNumber = 3;
        int perCampaign = 12;
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> robots = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Store store = t % 2 == 0 ? one : two;
                int offset = t;
                robots.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        String number = phone((offset + i) % numbers);
                        if (store.counters().tryReserve(day, List.of(DailyCap.number(number, perNumber),
                                DailyCap.campaign(7, perCampaign)))) {
                            granted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> robot : robots) {
                robot.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(granted).hasValue(perCampaign);
        assertThat(one.counters().used(day, DailyCap.campaignScope(7))).isEqualTo(perCampaign);
        int sum = 0;
        for (int n = 0; n < numbers; n++) {
            int used = one.counters().used(day, DailyCap.numberScope(phone(n)));
            assertThat(used).isLessThanOrEqualTo(perNumber);
            sum += used;
        }
        assertThat(sum).isEqualTo(perCampaign);
        assertThat(one.counters().used(day.plusDays(1), DailyCap.campaignScope(7))).isZero();
    }

    @OnBothDatabases
    void aFullCapCountsNothingAndAReleaseGivesACallBack(TestDatabase db) {
        DailyCounters counters = db.open(CLOCK).counters();
        LocalDate day = LocalDate.of(2026, 12, 3);
        List<DailyCap> caps = List.of(DailyCap.number("+8613800000001", 1), DailyCap.campaign(1, 5));
        assertThat(counters.tryReserve(day, caps)).isTrue();
        assertThat(counters.tryReserve(day, caps)).isFalse();
        assertThat(counters.used(day, DailyCap.campaignScope(1))).isEqualTo(1);
        assertThat(counters.tryReserve(day, List.of(DailyCap.number("+8613800000002", 0)))).isFalse();
        counters.release(day, List.of(DailyCap.numberScope("+8613800000001"), DailyCap.campaignScope(1)));
        counters.release(day, List.of(DailyCap.campaignScope(1)));
        assertThat(counters.used(day, DailyCap.campaignScope(1))).isZero();
        assertThat(counters.tryReserve(day, caps)).isTrue();
        assertThat(counters.tryReserve(day, List.of())).isTrue();
    }

    @OnBothDatabases
    void aClaimAndItsReservationsCommitTogether(TestDatabase db) {
        Store store = db.open(CLOCK);
        long id = campaignWith(store, 3);
        LocalDate day = LocalDate.of(2026, 12, 3);
        store.counters().tryReserve(day, List.of(DailyCap.number(phone(1), 1)));
        Instant now = T0;
        // the dialer's claim: contacts whose number is at its cap go back, to be tried tomorrow
        List<ContactRow> dialable = store.inTransaction(tx -> {
            List<ContactRow> ok = new ArrayList<>();
            for (ContactRow c : tx.contacts().claimDue(id, "robot-1", now, now.plus(LEASE), 10)) {
                if (tx.counters().tryReserve(day, List.of(DailyCap.number(c.phone(), 1), DailyCap.campaign(id, 10)))) {
                    ok.add(c);
                } else {
                    tx.contacts().release(c.id(), "robot-1", ContactNext.pendingAt(now.plus(Duration.ofDays(1))));
                }
            }
            return ok;
        });
        assertThat(dialable).extracting(ContactRow::phone).containsExactly(phone(0), phone(2));
        assertThat(store.counters().used(day, DailyCap.campaignScope(id))).isEqualTo(2);
        ContactRow capped = store.contacts().find(id, phone(1)).orElseThrow();
        assertThat(capped.status()).isEqualTo(ContactStatus.PENDING);
        assertThat(capped.leaseOwner()).isNull();

        // and a claim whose transaction fails claims and counts nothing
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.contacts().claimDue(id, "robot-2", now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(3)), 10);
            tx.counters().tryReserve(day, List.of(DailyCap.campaign(id, 10)));
            throw new IllegalStateException("switch gone");
        })).hasMessage("switch gone");
        assertThat(store.contacts().get(capped.id()).orElseThrow().status()).isEqualTo(ContactStatus.PENDING);
        assertThat(store.counters().used(day, DailyCap.campaignScope(id))).isEqualTo(2);
    }
}
