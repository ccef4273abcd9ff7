package io.callrobot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Campaigns, contact imports, migrations and counts, on H2 and PostgreSQL. */
class CampaignStoreTest {

    static NewCampaign campaign(String name) {
        return new NewCampaign(name, "payment-reminder-zh", "sofia/gateway/carrier/${phone}",
                List.of("01012345678", "01087654321"), "{\"company\":\"ACME\"}",
                "{\"timezone\":\"Asia/Shanghai\",\"hours\":[\"09:00-12:00\"]}", "{\"maxConcurrent\":5}",
                "{\"busy\":{\"afterMinutes\":10}}", null, 3, 1000);
    }

    static List<NewContact> contacts(int n) {
        List<NewContact> contacts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            contacts.add(new NewContact(phone(i), "{\"customer_name\":\"客户" + i + "\"}", i + 2));
        }
        return contacts;
    }

    static String phone(int i) {
        return "+86138" + String.format("%08d", i);
    }

    @OnBothDatabases
    void migrationsBuildTheSchemaOnceAndAStoreReopensIt(TestDatabase db) throws Exception {
        try (Store first = Store.open(db.config(), java.time.Clock.systemUTC())) {
            assertThat(first.healthy()).isTrue();
            first.campaigns().create(campaign("kept"));
        }
        Store again = db.open();
        assertThat(again.campaigns().list()).extracting(CampaignRow::name).containsExactly("kept");
        try (Connection c = db.connect(); ResultSet r = c.createStatement().executeQuery(
                "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"type\" = 'SQL'")) {
            List<String> versions = new ArrayList<>();
            while (r.next()) {
                versions.add(r.getString(1));
            }
            // each migration applied once (others may come between them)
            assertThat(versions).doesNotHaveDuplicates().contains("1", "2", "3", "4");
        }
    }

    @OnBothDatabases
    void aCampaignKeepsItsSettingsAndStartsAsDraft(TestDatabase db) {
        Store store = db.open();
        CampaignRow created = store.campaigns().create(campaign("reminders"));
        assertThat(created.id()).isPositive();
        assertThat(created.state()).isEqualTo(CampaignState.DRAFT);
        assertThat(created.callerIds()).containsExactly("01012345678", "01087654321");
        assertThat(created.window()).contains("Asia/Shanghai");
        assertThat(created.retry()).isEqualTo("{\"busy\":{\"afterMinutes\":10}}");
        assertThat(created.webhook()).isNull();
        assertThat(created.dailyCapPerNumber()).isEqualTo(3);
        assertThat(created.createdAt()).isEqualTo(created.updatedAt());
        assertThat(store.campaigns().get(created.id())).contains(created);
        assertThat(store.campaigns().get(created.id() + 1000)).isEmpty();

        CampaignRow bare = store.campaigns().create(NewCampaign.of("bare", "assistant-zh", "loopback/${phone}/default"));
        assertThat(bare.variables()).isEqualTo("{}");
        assertThat(bare.callerIds()).isEmpty();
        assertThat(bare.dailyCap()).isNull();
        assertThat(bare.recordCalls()).isNull();
        NewCampaign silent = NewCampaign.of("silent", "assistant-zh", "loopback/${phone}/default");
        CampaignRow unrecorded = store.campaigns().create(new NewCampaign(silent.name(), silent.flow(),
                silent.dialString(), List.of(), null, null, null, null, null, null, null, false));
        assertThat(store.campaigns().get(unrecorded.id()).orElseThrow().recordCalls()).isFalse();
        assertThat(store.campaigns().list()).extracting(CampaignRow::id).containsExactly(created.id(), bare.id(),
                unrecorded.id());
    }

    @OnBothDatabases
    void stateChangesFollowTheAllowedTransitions(TestDatabase db) {
        Store store = db.open();
        long id = store.campaigns().create(campaign("states")).id();
        assertThat(store.campaigns().setState(id, CampaignState.RUNNING).state()).isEqualTo(CampaignState.RUNNING);
        assertThat(store.campaigns().setState(id, CampaignState.RUNNING).state()).isEqualTo(CampaignState.RUNNING);
        assertThat(store.campaigns().setState(id, CampaignState.PAUSED).state()).isEqualTo(CampaignState.PAUSED);
        assertThat(store.campaigns().setState(id, CampaignState.RUNNING).state()).isEqualTo(CampaignState.RUNNING);
        assertThat(store.campaigns().setState(id, CampaignState.STOPPED).state()).isEqualTo(CampaignState.STOPPED);
        assertThatThrownBy(() -> store.campaigns().setState(id, CampaignState.RUNNING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("campaign " + id + " is stopped: it cannot become running (from stopped only [])");
        assertThat(store.campaigns().get(id).orElseThrow().state()).isEqualTo(CampaignState.STOPPED);
        assertThatThrownBy(() -> store.campaigns().setState(id + 99, CampaignState.PAUSED))
                .isInstanceOf(NoSuchElementException.class).hasMessage("no campaign " + (id + 99));
    }

    @OnBothDatabases
    void badCampaignSettingsAreRefusedNamingTheField(TestDatabase db) {
        assertThatThrownBy(() -> new NewCampaign(" ", "f", "d", null, null, null, null, null, null, null, null))
                .hasMessage("name must not be empty");
        assertThatThrownBy(() -> new NewCampaign("n", "f", "d", null, "[1]", null, null, null, null, null, null))
                .hasMessage("variables must be a JSON object: [1]");
        assertThatThrownBy(() -> new NewCampaign("n", "f", "d", null, null, "{hours:", null, null, null, null, null))
                .hasMessageStartingWith("window is not JSON: ");
        assertThatThrownBy(() -> new NewCampaign("n", "f", "d", null, null, null, null, null, null, -1, null))
                .hasMessage("dailyCapPerNumber must not be negative: -1");
        assertThat(db.open().campaigns().list()).isEmpty();
    }

    @OnBothDatabases
    void anImportMergesDuplicateNumbersAndReportsTheirLines(TestDatabase db) {
        Store store = db.open();
        long id = store.campaigns().create(campaign("import")).id();
        List<NewContact> first = new ArrayList<>(contacts(10));
        first.add(new NewContact(phone(3), "{\"customer_name\":\"again\"}", 40));
        ImportResult result = store.contacts().add(id, first);
        assertThat(result.inserted()).isEqualTo(10);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.duplicateLines()).containsExactly(40L);

        ImportResult second = store.contacts().add(id, List.of(new NewContact(phone(0), null, 2),
                new NewContact(phone(100), null, 3)));
        assertThat(second.inserted()).isEqualTo(1);
        assertThat(second.duplicateLines()).containsExactly(2L);

        ContactRow kept = store.contacts().find(id, phone(3)).orElseThrow();
        assertThat(kept.variables()).isEqualTo("{\"customer_name\":\"客户3\"}");
        assertThat(kept.lineNo()).isEqualTo(5);
        assertThat(kept.status()).isEqualTo(ContactStatus.PENDING);
        assertThat(kept.attempts()).isZero();
        assertThat(kept.nextAttemptAt()).isNotNull();
        assertThat(store.contacts().find(id, phone(100)).orElseThrow().variables()).isEqualTo("{}");

        // the same number in another campaign is another contact
        long other = store.campaigns().create(campaign("other")).id();
        assertThat(store.contacts().add(other, contacts(1)).inserted()).isEqualTo(1);
    }

    @OnBothDatabases
    void anImportIsAllOrNothing(TestDatabase db) {
        Store store = db.open();
        long id = store.campaigns().create(campaign("atomic")).id();
        Iterable<NewContact> failing = () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public NewContact next() {
                if (i == 2500) {
                    throw new IllegalArgumentException("line 2502: not a phone number");
                }
                return new NewContact(phone(i), null, 2 + i++);
            }
        };
        assertThatThrownBy(() -> store.contacts().add(id, failing)).hasMessage("line 2502: not a phone number");
        assertThat(store.contacts().page(id, 0, 10)).isEmpty();
        assertThatThrownBy(() -> store.contacts().add(id + 50, contacts(3)))
                .isInstanceOf(NoSuchElementException.class).hasMessage("no campaign " + (id + 50));
    }

    @OnBothDatabases
    void pagesWalkEveryContactInImportOrder(TestDatabase db) {
        Store store = db.open();
        long id = store.campaigns().create(campaign("pages")).id();
        store.contacts().add(id, contacts(25));
        List<String> seen = new ArrayList<>();
        long after = 0;
        for (List<ContactRow> page = store.contacts().page(id, after, 10); !page.isEmpty();
                page = store.contacts().page(id, after, 10)) {
            page.forEach(c -> seen.add(c.phone()));
            after = page.get(page.size() - 1).id();
        }
        assertThat(seen).isEqualTo(contacts(25).stream().map(NewContact::phone).toList());
    }

    @OnBothDatabases
    void countsGroupContactsByStatusOutcomeAndResult(TestDatabase db) {
        Store store = db.open();
        long id = store.campaigns().create(campaign("counts")).id();
        store.contacts().add(id, contacts(6));
        Instant now = Instant.now();
        List<ContactRow> claimed = store.contacts().claimDue(id, "robot-1", now, now.plusSeconds(60), 3);
        Attempts attempts = store.attempts();
        for (int i = 0; i < 2; i++) {
            ContactRow c = claimed.get(i);
            String uuid = "uuid-" + i;
            assertThat(attempts.recordOriginating(new NewAttempt(uuid, id, c.id(), "robot-1", c.phone(), null, now)))
                    .isEqualTo(Originating.RECORDED);
            attempts.markAnswered(uuid, now.plusSeconds(5));
            attempts.finish(new AttemptEnd(uuid, "answered", "NORMAL_CLEARING", "promise_to_pay", now.plusSeconds(65),
                    null), ContactNext.done("promise_to_pay"));
        }
        store.dnc().add(phone(5), null, "complained");

        CampaignCounts counts = store.campaigns().counts(id);
        assertThat(counts.total()).isEqualTo(6);
        assertThat(counts.byStatus()).containsEntry(ContactStatus.DONE, 2L).containsEntry(ContactStatus.DIALING, 1L)
                .containsEntry(ContactStatus.PENDING, 3L).containsEntry(ContactStatus.RETRY_WAIT, 0L)
                .containsEntry(ContactStatus.DNC, 0L);
        assertThat(counts.byOutcome()).isEqualTo(Map.of("promise_to_pay", 2L));
        assertThat(counts.byResult()).isEqualTo(Map.of("promise_to_pay", 2L));
        assertThat(counts.blockedByDnc()).isEqualTo(1);
        assertThat(counts.remaining()).isEqualTo(3);

        assertThat(store.contacts().markDnc(id)).isEqualTo(1);
        assertThat(store.contacts().closeWaiting(id, "campaign_stopped")).isEqualTo(2);
        CampaignCounts closed = store.campaigns().counts(id);
        assertThat(closed.byStatus()).containsEntry(ContactStatus.DNC, 1L).containsEntry(ContactStatus.DONE, 4L)
                .containsEntry(ContactStatus.PENDING, 0L);
        assertThat(closed.byOutcome()).isEqualTo(Map.of("promise_to_pay", 2L, "campaign_stopped", 2L, "dnc", 1L));
        assertThat(closed.remaining()).isEqualTo(1); // the one still dialing
        assertThatThrownBy(() -> store.campaigns().counts(id + 7)).isInstanceOf(NoSuchElementException.class);
    }

    @OnBothDatabases
    void aHundredThousandContactsImportInOneTransaction(TestDatabase db) {
        Store store = db.open();
        long id = store.campaigns().create(campaign("big")).id();
        int n = 100_000;
        Iterable<NewContact> rows = () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public NewContact next() {
                int k = i++;
                return new NewContact(phone(k % 99_000), "{\"customer_name\":\"客户" + k + "\",\"amount\":\"1280.50\"}",
                        k + 2);
            }
        };
        long started = System.nanoTime();
        ImportResult result = store.contacts().add(id, rows);
        long millis = (System.nanoTime() - started) / 1_000_000;
        org.slf4j.LoggerFactory.getLogger(CampaignStoreTest.class)
                .info("{}: imported {} contacts ({} duplicates) in {} ms", db.kind(), result.inserted(),
                        result.duplicates(), millis);
        assertThat(result.inserted()).isEqualTo(99_000);
        assertThat(result.duplicates()).isEqualTo(1_000);
        assertThat(store.campaigns().counts(id).byStatus()).containsEntry(ContactStatus.PENDING, 99_000L);
    }
}
