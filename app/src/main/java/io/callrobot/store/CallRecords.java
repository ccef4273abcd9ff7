package io.callrobot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records of ended calls, the same the JSON call log keeps, searchable by campaign, flow, result,
 * hangup cause, direction, number suffix, transcript text and time.
 */
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
                    + " result, hangup_cause, record_json, transcript, caller_rev, callee_rev) VALUES ("
                    + Sql.marks(17) + ")"
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
                s.setString(16, reversed(row.caller()));
                s.setString(17, reversed(row.callee()));
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Adds the post-call summary to a stored record, replacing any summary it had.
     *
     * @return whether the record was there
     */
    public boolean saveSummary(String callUuid, CallRecordSummary summary) {
        Check.notBlank("callUuid", callUuid);
        return db.inTransaction("save the summary of call " + callUuid, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE call_records SET summary = ?, summary_error = ? WHERE call_uuid = ?")) {
                s.setString(1, summary.text());
                s.setString(2, summary.error());
                s.setString(3, callUuid);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** The post-call summary of a stored call; empty if the call is not stored or has none (yet). */
    public Optional<CallRecordSummary> summary(String callUuid) {
        return db.inTransaction("read the summary of call " + callUuid, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT summary, summary_error FROM call_records WHERE call_uuid = ?")) {
                s.setString(1, callUuid);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next() || (r.getString(1) == null && r.getString(2) == null)) {
                        return Optional.empty();
                    }
                    String text = r.getString(1);
                    return Optional.of(text != null ? CallRecordSummary.of(text)
                            : CallRecordSummary.failed(r.getString(2)));
                }
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
        equal(sql, values, "campaign_id", query.campaignId());
        equal(sql, values, "flow", query.flow());
        equal(sql, values, "result", query.result());
        equal(sql, values, "hangup_cause", query.hangupCause());
        equal(sql, values, "direction", query.direction());
        if (query.number() != null) {
            String prefix = reversed(query.number());
            String upper = upperBound(prefix);
            sql.append(" AND (").append(prefixOf("caller_rev", upper)).append(" OR ")
                    .append(prefixOf("callee_rev", upper)).append(")");
            for (int i = 0; i < 2; i++) {
                values.add(prefix);
                if (upper != null) {
                    values.add(upper);
                }
                values.add(prefix + "%"); // digits only: nothing to escape
            }
        }
        if (query.text() != null) {
            sql.append(" AND LOWER(transcript) LIKE ? ESCAPE '\\'");
            values.add(query.textPattern());
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
                    if (values.get(i) instanceof Instant instant) {
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

    /**
     * The flows, results and hangup causes the stored calls have, each sorted and at most
     * {@code limit} of them: what a search can pick from.
     */
    public CallFacets facets(int limit) {
        Check.range("limit", limit, CallQuery.MAX_LIMIT);
        return db.inTransaction("list the flows, results and causes of call records", c -> new CallFacets(
                distinct(c, "flow", limit), distinct(c, "result", limit), distinct(c, "hangup_cause", limit)));
    }

    private static List<String> distinct(Connection c, String column, int limit) throws SQLException {
        // column is one of the names above, never input
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT " + column + " FROM call_records WHERE "
                + column + " IS NOT NULL ORDER BY " + column + " LIMIT ?")) {
            s.setInt(1, limit);
            List<String> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        }
    }

    private static void equal(StringBuilder sql, List<Object> values, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            values.add(value);
        }
    }

    /** A prefix as a range an index answers on any collation, then the LIKE that makes it exact (see V4). */
    private static String prefixOf(String column, String upper) {
        return "(" + column + " >= ?" + (upper == null ? "" : " AND " + column + " < ?") + " AND " + column
                + " LIKE ?)";
    }

    /**
     * The least digit string above every string that starts with {@code digits} ({@code 0119} gives
     * {@code 012}), or null for all nines. Digits only: a linguistic collation ranks them as ASCII
     * does, which it does not for punctuation such as {@code :}.
     */
    static String upperBound(String digits) {
        int last = digits.length() - 1;
        while (last >= 0 && digits.charAt(last) == '9') {
            last--;
        }
        return last < 0 ? null : digits.substring(0, last) + (char) (digits.charAt(last) + 1);
    }

    /** A number back to front, as searched by its suffix; null stays null. */
    static String reversed(String number) {
        return number == null ? null : new StringBuilder(number).reverse().toString();
    }

    private static CallSummary summary(ResultSet r) throws SQLException {
        return new CallSummary(r.getString("call_uuid"), Sql.longOrNull(r, "campaign_id"),
                Sql.longOrNull(r, "contact_id"), r.getString("direction"), r.getString("caller"),
                r.getString("callee"), r.getString("flow"), Sql.time(r, "started_at"), Sql.time(r, "answered_at"),
                Sql.time(r, "ended_at"), r.getLong("duration_ms"), r.getString("result"), r.getString("hangup_cause"));
    }
}
