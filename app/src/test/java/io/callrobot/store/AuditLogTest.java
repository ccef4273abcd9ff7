package io.callrobot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The audit log: entries appended with the store's time, read newest first in pages, on H2 and PostgreSQL. */
class AuditLogTest {

    @OnBothDatabases
    void entriesAreAppendedAndPagedNewestFirst(TestDatabase db) {
        Instant at = Instant.parse("2026-12-03T02:00:00.123456Z");
        AuditLog audit = db.open(Clock.fixed(at, ZoneOffset.UTC)).audit();
        AuditEntry first = audit.add("ops", "POST", "/api/campaigns", 201, null, "10.0.0.7");
        audit.add("ops", "POST", "/api/campaigns/1/start", 409, "campaign 1 is running, not draft", "10.0.0.7");
        audit.add("root", "POST", "/api/login", 200, "x".repeat(3000), null);
        List<AuditEntry> newest = audit.page(null, 2);
        assertThat(newest).extracting(AuditEntry::path).containsExactly("/api/login", "/api/campaigns/1/start");
        assertThat(newest.get(0).detail()).hasSize(AuditLog.MAX_DETAIL);
        assertThat(newest.get(1).status()).isEqualTo(409);
        assertThat(audit.page(newest.get(1).id(), 2)).containsExactly(first);
        assertThat(first.at()).isEqualTo(at);
        assertThatThrownBy(() -> audit.page(null, 0)).hasMessage("limit must be 1 to 1000: 0");
    }
}
