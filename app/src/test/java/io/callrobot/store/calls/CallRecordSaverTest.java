package io.callrobot.store.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callrobot.ops.CallRecord;
import io.callrobot.ops.CallRecordJson;
import io.callrobot.ops.TurnRecord;
import io.callrobot.ops.SummaryRecord;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.CallRecordSummary;
import io.callrobot.store.OnBothDatabases;
import io.callrobot.store.Store;
import io.callrobot.store.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Call records reach the store off the call's thread, and survive a database outage, on H2 and PostgreSQL. */
class CallRecordSaverTest {

    private static final Instant T0 = Instant.parse("2026-12-03T02:00:00Z");

    static CallRecord record(String uuid, Long campaign, Long contact) {
        return new CallRecord(uuid, "outbound", "*******8000", "13800138000", "payment-reminder-zh",
                Map.of("customer_name", "张三"), T0, T0.plusMillis(300), T0.plusSeconds(42), "NORMAL_CLEARING",
                "promise_to_pay", null, List.of(
                        new TurnRecord(1, "robot", null, "您好，请问是张三吗？", null, false, 400, Map.of(), null, null),
                        new TurnRecord(2, "caller", "speech", "是的", null, false, 3000, null, null, null),
                        new TurnRecord(3, "robot", null, "好的，\n提醒您", "好的，\n提醒您今天还款", true, 4000, Map.of(), null, null),
                        new TurnRecord(4, "caller", "no_input", "", null, false, 9000, null, null, null)),
                List.of(), null, null, campaign, contact, null);
    }

    private static CallRecordSaver saver(Store store, int capacity) {
        return new CallRecordSaver(store.callRecords(), capacity, Duration.ofMillis(20), Duration.ofMillis(100));
    }

    /** Hides (or brings back) the call records table, as an outage of that one table. */
    private static void callRecordsTable(TestDatabase db, boolean there) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(there ? "ALTER TABLE call_records_away RENAME TO call_records"
                    : "ALTER TABLE call_records RENAME TO call_records_away");
        }
    }

    @OnBothDatabases
    void everyRecordIsSavedWithItsCampaignTranscriptAndTheCallLogsJson(TestDatabase db) throws Exception {
        Store store = db.open();
        try (CallRecordSaver saver = saver(store, 100)) {
            saver.accept(record("call-1", 4L, 17L));
            saver.accept(record("call-2", null, null));
            await().atMost(Duration.ofSeconds(20)).until(() -> saver.saved() == 2);
            assertThat(saver.queued()).isZero();
        }
        CallRecordRow row = store.callRecords().get("call-1").orElseThrow();
        assertThat(row.campaignId()).isEqualTo(4L);
        assertThat(row.contactId()).isEqualTo(17L);
        assertThat(row.startedAt()).isEqualTo(T0);
        assertThat(row.durationMs()).isEqualTo(41_700);
        assertThat(row.result()).isEqualTo("promise_to_pay");
        assertThat(row.recordJson()).isEqualTo(new CallRecordJson().write(record("call-1", 4L, 17L)));
        assertThat(row.transcript()).isEqualTo("robot: 您好，请问是张三吗？\ncaller: 是的\nrobot: 好的， 提醒您 [interrupted]\n");
        assertThat(store.callRecords().get("call-2").orElseThrow().campaignId()).isNull();
    }

    @OnBothDatabases
    void aSummaryIsAddedToItsRecordAfterItAndAnErrorLikewise(TestDatabase db) throws Exception {
        Store store = db.open();
        try (CallRecordSaver saver = saver(store, 100)) {
            saver.accept(record("call-1", 4L, 17L));
            saver.summarized(new SummaryRecord("call-1", "客户承诺下周五还款。意向：高", null));
            saver.accept(record("call-2", null, null));
            saver.summarized(new SummaryRecord("call-2", null, "the LLM failed: HTTP 503"));
            saver.summarized(new SummaryRecord("call-9", "no record of this call", null));
            await().atMost(Duration.ofSeconds(20)).until(() -> saver.saved() == 2 && saver.queued() == 0);
        }
        assertThat(store.callRecords().summary("call-1")).contains(CallRecordSummary.of("客户承诺下周五还款。意向：高"));
        assertThat(store.callRecords().summary("call-2")).contains(CallRecordSummary.failed("the LLM failed: HTTP 503"));
        assertThat(store.callRecords().summary("call-9")).isEmpty();
    }

    @OnBothDatabases
    void recordsWaitThroughAnOutageAndAreSavedAfterIt(TestDatabase db) throws Exception {
        Store store = db.open();
        try (CallRecordSaver saver = saver(store, 100)) {
            callRecordsTable(db, false);
            for (int i = 0; i < 5; i++) {
                saver.accept(record("call-" + i, 1L, (long) i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> saver.failures() >= 3);
            assertThat(saver.saved()).isZero();
            callRecordsTable(db, true);
            await().atMost(Duration.ofSeconds(20)).until(() -> saver.saved() == 5);
            assertThat(saver.dropped()).isZero();
        }
        for (int i = 0; i < 5; i++) {
            assertThat(store.callRecords().get("call-" + i)).isPresent();
        }
    }

    @OnBothDatabases
    void aLongOutageDropsTheOldestAndClosingGivesUp(TestDatabase db) throws Exception {
        Store store = db.open();
        CallRecordSaver saver = saver(store, 3);
        callRecordsTable(db, false);
        saver.accept(record("held", 1L, 1L));
        await().atMost(Duration.ofSeconds(20)).until(() -> saver.failures() >= 1);
        for (int i = 0; i < 4; i++) {
            saver.accept(record("waiting-" + i, 1L, 1L));
        }
        assertThat(saver.dropped()).isEqualTo(1);
        assertThat(saver.queued()).isEqualTo(3);
        saver.close();
        saver.accept(record("after-close", 1L, 1L));
        callRecordsTable(db, true);
        // the held record was given up at close; the three waiting ones were each tried once, and failed
        assertThat(saver.dropped()).isEqualTo(6);
        assertThat(saver.saved()).isZero();
        assertThat(store.callRecords().get("held")).isEmpty();
    }
}
