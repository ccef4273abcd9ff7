package io.callrobot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Call records: saved once, read back whole, searched by every filter and paged stably, on H2 and
 * PostgreSQL.
 */
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
    void aSummaryIsAddedByCallUuidAndReadBack(TestDatabase db) {
        CallRecords records = db.open().callRecords();
        records.save(row("call-1", 3L, "promise_to_pay", T0));
        assertThat(records.summary("call-1")).isEmpty();
        assertThat(records.saveSummary("call-1", CallRecordSummary.failed("the LLM did not answer within 60 s"))).isTrue();
        assertThat(records.summary("call-1")).contains(CallRecordSummary.failed("the LLM did not answer within 60 s"));
        String text = "客户承诺12月11日还款1280元。".repeat(200); // longer than any VARCHAR default
        assertThat(records.saveSummary("call-1", CallRecordSummary.of(text))).isTrue();
        assertThat(records.summary("call-1")).contains(CallRecordSummary.of(text));
        assertThat(records.saveSummary("call-2", CallRecordSummary.of("x"))).isFalse();
        assertThat(records.summary("call-2")).isEmpty();
        assertThatThrownBy(() -> new CallRecordSummary("a", "b")).hasMessageContaining("not both");
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
        assertThat(records.find(CallQuery.latest(10).withCampaign(1L).withResult("refused")))
                .extracting(CallSummary::callUuid).containsExactly("c-l", "c-h", "c-f", "c-b");
        assertThat(records.find(CallQuery.latest(10).between(T0.plusSeconds(60), T0.plusSeconds(180))))
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
        assertThatThrownBy(() -> CallQuery.latest(10).between(T0, T0)).hasMessageStartingWith("from must be before to");
        assertThatThrownBy(() -> CallQuery.latest(0)).hasMessage("limit must be 1 to 1000: 0");
    }

    private static CallRecordRow call(String uuid, String direction, String caller, String callee, String flow,
            String result, String cause, Instant started, String transcript) {
        return new CallRecordRow(uuid, null, null, direction, caller, callee, flow, started, started.plusSeconds(2),
                started.plusSeconds(20), 18_000, result, cause, "{\"uuid\":\"" + uuid + "\"}", transcript);
    }

    @OnBothDatabases
    void eachFilterSelectsItsCallsAndTheyCombine(TestDatabase db) {
        CallRecords records = db.open().callRecords();
        records.save(call("in-1", "inbound", "13800138000", "9000", "assistant-zh", "transferred", "NORMAL_CLEARING",
                T0, "robot: 您好，这里是客服\ncaller: 我要查 Balance 余额\n"));
        records.save(call("out-1", "outbound", "4000", "138****5678", "payment-reminder-zh", "promise_to_pay",
                "NORMAL_CLEARING", T0.plusSeconds(10), "robot: 张三您好\ncaller: 好的 100% 会还\n"));
        records.save(call("out-2", "outbound", "4000", "13912345999", "payment-reminder-zh", "refused",
                "USER_BUSY", T0.plusSeconds(20), "robot: 李四您好\ncaller: 不还 a_b\n"));
        records.save(call("out-3", "outbound", "4000", null, "payment-reminder-zh", null, null, T0.plusSeconds(30),
                null));

        assertThat(uuids(records, CallQuery.latest(10).withFlow("assistant-zh"))).containsExactly("in-1");
        assertThat(uuids(records, CallQuery.latest(10).withHangupCause("USER_BUSY"))).containsExactly("out-2");
        assertThat(uuids(records, CallQuery.latest(10).withDirection("outbound")))
                .containsExactly("out-3", "out-2", "out-1");
        assertThat(uuids(records, CallQuery.latest(10).withDirection("inbound"))).containsExactly("in-1");
        // the caller's or the callee's number, masked or not, whole or its last digits
        assertThat(uuids(records, CallQuery.latest(10).withNumber("8000"))).containsExactly("in-1");
        assertThat(uuids(records, CallQuery.latest(10).withNumber("5678"))).containsExactly("out-1");
        assertThat(uuids(records, CallQuery.latest(10).withNumber("13912345999"))).containsExactly("out-2");
        assertThat(uuids(records, CallQuery.latest(10).withNumber("999"))).containsExactly("out-2");
        assertThat(uuids(records, CallQuery.latest(10).withNumber("9000"))).containsExactly("in-1");
        assertThat(uuids(records, CallQuery.latest(10).withNumber("000"))).containsExactly("out-3", "out-2", "out-1",
                "in-1");
        assertThat(uuids(records, CallQuery.latest(10).withNumber("138001"))).isEmpty();
        // text anywhere in the transcript, whatever its case; LIKE's wildcards are plain text
        assertThat(uuids(records, CallQuery.latest(10).withText("balance"))).containsExactly("in-1");
        assertThat(uuids(records, CallQuery.latest(10).withText("您好"))).containsExactly("out-2", "out-1", "in-1");
        assertThat(uuids(records, CallQuery.latest(10).withText("100%"))).containsExactly("out-1");
        assertThat(uuids(records, CallQuery.latest(10).withText("0%"))).containsExactly("out-1");
        assertThat(uuids(records, CallQuery.latest(10).withText("%"))).containsExactly("out-1");
        assertThat(uuids(records, CallQuery.latest(10).withText("a_b"))).containsExactly("out-2");
        assertThat(uuids(records, CallQuery.latest(10).withText("_"))).containsExactly("out-2");
        // combined
        assertThat(uuids(records, CallQuery.latest(10).withFlow("payment-reminder-zh").withText("您好")
                .withResult("refused"))).containsExactly("out-2");
        assertThat(uuids(records, CallQuery.latest(10).withNumber("4000").between(T0.plusSeconds(10),
                T0.plusSeconds(30)))).containsExactly("out-2", "out-1");

        assertThat(records.facets(100)).isEqualTo(new CallFacets(List.of("assistant-zh", "payment-reminder-zh"),
                List.of("promise_to_pay", "refused", "transferred"), List.of("NORMAL_CLEARING", "USER_BUSY")));
        assertThat(records.facets(1).flows()).containsExactly("assistant-zh");
    }

    @OnBothDatabases
    void pagesOfAFilteredSearchNeitherRepeatNorSkipCallsSavedMeanwhile(TestDatabase db) {
        CallRecords records = db.open().callRecords();
        for (int i = 0; i < 23; i++) {
            // three calls a second, every other one ending in 1234: ties split by uuid
            records.save(call(String.format("p-%02d", i), "outbound", "4000", i % 2 == 0 ? "1380000" + 1234 : "1390000"
                    + i, "f", "ok", "NORMAL_CLEARING", T0.plusSeconds(i / 3), "robot: hi\n"));
        }
        List<String> seen = new ArrayList<>();
        CallQuery page = CallQuery.latest(4).withNumber("1234");
        for (List<CallSummary> found = records.find(page); !found.isEmpty(); found = records.find(page)) {
            found.forEach(s -> seen.add(s.callUuid()));
            page = page.next(found.get(found.size() - 1));
            // a newer call arriving while the user pages does not shift the pages after it
            records.save(call("new-" + seen.size(), "outbound", "4000", "13800001234", "f", "ok", "NORMAL_CLEARING",
                    T0.plusSeconds(3600 + seen.size()), "robot: hi\n"));
        }
        assertThat(seen).containsExactly("p-22", "p-20", "p-18", "p-16", "p-14", "p-12", "p-10", "p-08", "p-06",
                "p-04", "p-02", "p-00");
    }

    @OnBothDatabases
    void numbersSavedBeforeTheSearchColumnsAreFoundByTheirSuffixToo(TestDatabase db) throws Exception {
        CallRecords records = db.open().callRecords();
        records.save(call("old", "outbound", "4000", "13812345678", "f", "ok", "NORMAL_CLEARING", T0, null));
        try (var c = db.connect(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE call_records SET caller_rev = NULL, callee_rev = NULL");
            // what V4 runs on the records it finds (the statement is the migration's own)
            String v4 = new String(getClass().getResourceAsStream("/db/migration/V4__call_search.sql").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            s.executeUpdate(v4.substring(v4.indexOf("UPDATE call_records")).replace(";", "").strip());
        }
        assertThat(uuids(records, CallQuery.latest(10).withNumber("5678"))).containsExactly("old");
        assertThat(uuids(records, CallQuery.latest(10).withNumber("000"))).containsExactly("old");
    }

    @org.junit.jupiter.api.Test
    void badFiltersAreRefusedNamingThem() {
        assertThatThrownBy(() -> CallQuery.latest(10).withDirection("sideways"))
                .hasMessage("direction must be inbound or outbound: sideways");
        assertThatThrownBy(() -> CallQuery.latest(10).withNumber("12a"))
                .hasMessage("number must be 1 to 32 digits: 12a");
        assertThatThrownBy(() -> CallQuery.latest(10).withText(" ")).hasMessageStartingWith("text must be");
        assertThat(CallRecords.upperBound("0119")).isEqualTo("012");
        assertThat(CallRecords.upperBound("99")).isNull();
    }

    private static List<String> uuids(CallRecords records, CallQuery query) {
        return records.find(query).stream().map(CallSummary::callUuid).toList();
    }
}
