package io.callrobot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Call records: saved once, read back whole, listed by campaign, result and time, on H2 and PostgreSQL. */
class CallRecordsTest {

    private static final Instant T0 = Instant.parse("2026-12-03T02:00:00Z");

    static CallRecordRow row(String uuid, Long campaign, String result, Instant started) {
        return new CallRecordRow(uuid, campaign, campaign == null ? null : 7L, "outbound", "*******8000", "9000",
                "payment-reminder-zh", started, started.plusSeconds(1), started.plusSeconds(31), 30_000, result,
                "NORMAL_CLEARING", "{\"uuid\":\"" + uuid + "\",\"turns\":[]}", "robot: 您好\ncaller: 是我\n");
    }

    @OnBothDatabases
    void aRecordIsSavedOnceAndReadBackWhole(TestDatabase db) {
        CallRecords records = db.open().callRecords();
        CallRecordRow row = row("call-1", 3L, "promise_to_pay", T0.plusNanos(123_456_789));
        assertThat(records.save(row)).isTrue();
        assertThat(records.save(row("call-1", null, "other", T0))).isFalse();
        CallRecordRow read = records.get("call-1").orElseThrow();
        assertThat(read).isEqualTo(new CallRecordRow("call-1", 3L, 7L, "outbound", "*******8000", "9000",
                "payment-reminder-zh", Sql.stored(row.startedAt()), Sql.stored(row.answeredAt()),
                Sql.stored(row.endedAt()), 30_000, "promise_to_pay", "NORMAL_CLEARING", row.recordJson(),
                row.transcript()));
        assertThat(records.get("call-2")).isEmpty();
    }

    @OnBothDatabases
    void queriesFilterByCampaignResultAndTimeAndPageNewestFirst(TestDatabase db) {
        CallRecords records = db.open().callRecords();
        for (int i = 0; i < 12; i++) {
            records.save(row("c-" + (char) ('a' + i), i % 3 == 0 ? null : 1L, i % 2 == 0 ? "promise_to_pay" : "refused",
                    T0.plusSeconds(60L * (i / 2)))); // two calls a minute: pages must split ties by uuid
        }
        assertThat(records.find(CallQuery.latest(3))).extracting(CallSummary::callUuid)
                .containsExactly("c-l", "c-k", "c-j");
        assertThat(records.find(new CallQuery(1L, "refused", null, null, null, 10)))
                .extracting(CallSummary::callUuid).containsExactly("c-l", "c-h", "c-f", "c-b");
        assertThat(records.find(new CallQuery(null, null, T0.plusSeconds(60), T0.plusSeconds(180), null, 10)))
                .extracting(CallSummary::callUuid).containsExactly("c-f", "c-e", "c-d", "c-c");

        List<String> all = new ArrayList<>();
        CallQuery page = CallQuery.latest(5);
        for (List<CallSummary> found = records.find(page); !found.isEmpty(); found = records.find(page)) {
            found.forEach(s -> all.add(s.callUuid()));
            page = page.next(found.get(found.size() - 1));
        }
        assertThat(all).containsExactly("c-l", "c-k", "c-j", "c-i", "c-h", "c-g", "c-f", "c-e", "c-d", "c-c", "c-b",
                "c-a");
        CallSummary first = records.find(CallQuery.latest(1)).get(0);
        assertThat(first.durationMs()).isEqualTo(30_000);
        assertThat(first.campaignId()).isEqualTo(1L);
        assertThatThrownBy(() -> new CallQuery(null, null, T0, T0, null, 10)).hasMessageStartingWith("from must be before to");
        assertThatThrownBy(() -> CallQuery.latest(0)).hasMessage("limit must be 1 to 1000: 0");
    }
}
