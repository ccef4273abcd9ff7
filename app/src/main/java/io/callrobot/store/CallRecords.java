package io.callrobot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records of ended calls, the same the JSON call log keeps, queryable by campaign, result and time. */
public final class CallRecords {

    private static final String SUMMARY = "call_uuid, campaign_id, contact_id, direction, caller, callee, flow,"
            + " started_at, answered_at, ended_at, duration_ms, result, hangup_cause";

    private final Transactions db;

    CallRecords(Transactions db) {
        this.db = db;
    }

    /**
     * Stores a call's record once: saving a uuid that is already stored changes nothing.
     *
     * @return whether it was new
     */
    public boolean save(CallRecordRow row) {
        return db.inTransaction("save the record of call " + row.callUuid(), c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO call_records (call_uuid, campaign_id,"
                    + " contact_id, direction, caller, callee, flow, started_at, answered_at, ended_at, duration_ms,"
                    + " result, hangup_cause, record_json, transcript) VALUES (" + Sql.marks(15) + ")"
                    + " ON CONFLICT DO NOTHING")) {
                s.setString(1, row.callUuid());
                Sql.longOrNull(s, 2, row.campaignId());
                Sql.longOrNull(s, 3, row.contactId());
                s.setString(4, row.direction());
                s.setString(5, row.caller());
                s.setString(6, row.callee());
                s.setString(7, row.flow());
                Sql.time(s, 8, row.startedAt());
                Sql.time(s, 9, row.answeredAt());
                Sql.time(s, 10, row.endedAt());
                s.setLong(11, row.durationMs());
                s.setString(12, row.result());
                s.setString(13, row.hangupCause());
                s.setString(14, row.recordJson());
                s.setString(15, row.transcript());
                return s.executeUpdate() == 1;
            }
        });
    }

    public Optional<CallRecordRow> get(String callUuid) {
        return db.inTransaction("read the record of call " + callUuid, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + SUMMARY + ", record_json, transcript"
                    + " FROM call_records WHERE call_uuid = ?")) {
                s.setString(1, callUuid);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    CallSummary m = summary(r);
                    return Optional.of(new CallRecordRow(m.callUuid(), m.campaignId(), m.contactId(), m.direction(),
                            m.caller(), m.callee(), m.flow(), m.startedAt(), m.answeredAt(), m.endedAt(),
                            m.durationMs(), m.result(), m.hangupCause(), r.getString("record_json"),
                            r.getString("transcript")));
                }
            }
        });
    }

    /** One page of the calls a query selects, newest first; {@link CallQuery#next} gives the next page. */
    public List<CallSummary> find(CallQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + SUMMARY + " FROM call_records WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        if (query.campaignId() != null) {
            sql.append(" AND campaign_id = ?");
            values.add(query.campaignId());
        }
        if (query.result() != null) {
            sql.append(" AND result = ?");
            values.add(query.result());
        }
        if (query.from() != null) {
            sql.append(" AND started_at >= ?");
            values.add(query.from());
        }
        if (query.to() != null) {
            sql.append(" AND started_at < ?");
            values.add(query.to());
        }
        if (query.after() != null) {
            sql.append(" AND (started_at < ? OR (started_at = ? AND call_uuid < ?))");
            values.add(query.after().startedAt());
            values.add(query.after().startedAt());
            values.add(query.after().callUuid());
        }
        sql.append(" ORDER BY started_at DESC, call_uuid DESC LIMIT ?");
        values.add(query.limit());
        return db.inTransaction("find call records", c -> {
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) instanceof java.time.Instant instant) {
                        Sql.time(s, i + 1, instant);
                    } else {
                        s.setObject(i + 1, values.get(i));
                    }
                }
                List<CallSummary> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(summary(r));
                    }
                }
                return rows;
            }
        });
    }

    private static CallSummary summary(ResultSet r) throws SQLException {
        return new CallSummary(r.getString("call_uuid"), Sql.longOrNull(r, "campaign_id"),
                Sql.longOrNull(r, "contact_id"), r.getString("direction"), r.getString("caller"),
                r.getString("callee"), r.getString("flow"), Sql.time(r, "started_at"), Sql.time(r, "answered_at"),
                Sql.time(r, "ended_at"), r.getLong("duration_ms"), r.getString("result"), r.getString("hangup_cause"));
    }
}
