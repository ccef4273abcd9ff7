package io.callrobot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A campaign's contacts: import, the dialer's claims and leases, and the results export.
 *
 * <p>A contact the dialer works on is {@code dialing} and leased by one robot until a time. It
 * stays claimed while its latest attempt is in flight (recorded, not yet finished), whatever its
 * lease: only {@link Attempts#finish} ends that, so no contact is ever dialled twice at once. A
 * lease that expires with nothing in flight (the robot died between claim and originate) makes
 * the contact claimable again; one that expires with an attempt in flight is for the
 * reconciliation to settle ({@link #expiredLeases}).
 */
public final class Contacts {

    /** Rows at a time in an import's batches. */
    private static final int BATCH = 1000;
    /** The most contacts one claim takes. */
    public static final int MAX_CLAIM = 1000;
    /** The most contacts one page holds. */
    public static final int MAX_PAGE = 10_000;
    static final String COLUMNS = "id, campaign_id, phone, variables, line_no, status, attempts, next_attempt_at,"
            + " lease_owner, lease_until, final_outcome, result, last_call_uuid, last_started_at, last_duration_ms,"
            + " created_at, updated_at";
    /** Contact {@code c}'s number is on a do-not-call list for its campaign (0: every campaign). */
    static final String ON_DNC = "EXISTS (SELECT 1 FROM dnc d WHERE d.phone = c.phone"
            + " AND d.campaign_id IN (0, c.campaign_id))";
    /**
     * Contact {@code c} has an attempt in flight: recorded (last_call_uuid set, last_duration_ms
     * cleared) and not finished (which sets last_duration_ms). Read from the row itself so that a
     * claim locking the row re-checks it on the row's latest version.
     */
    static final String IN_FLIGHT = "(c.last_call_uuid IS NOT NULL AND c.last_duration_ms IS NULL)";
    /**
     * Contact {@code c} may be claimed at a time (three parameters, that time): due, not leased, or
     * leased under an expired lease with nothing in flight; and not on a do-not-call list.
     */
    private static final String DUE = "c.next_attempt_at <= ?"
            + " AND ((c.status IN ('pending', 'retry_wait') AND (c.lease_until IS NULL OR c.lease_until <= ?))"
            + "   OR (c.status = 'dialing' AND c.lease_until <= ? AND NOT " + IN_FLIGHT + "))"
            + " AND NOT " + ON_DNC;

    private final Transactions db;
    private final Clock clock;

    Contacts(Transactions db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Adds contacts to a campaign in one transaction, in batches: all or none. Numbers the campaign
     * already has (from this import or an earlier one) are not added; the first stays. The contacts
     * are read once, as they are inserted, so a lazy source keeps memory bounded. New contacts are
     * {@code pending} and due now.
     *
     * @throws NoSuchElementException if there is no such campaign
     */
    public ImportResult add(long campaignId, Iterable<NewContact> contacts) {
        Instant now = clock.instant();
        return db.inTransaction("import contacts into campaign " + campaignId, c -> {
            if (Campaigns.find(c, campaignId).isEmpty()) {
                throw new NoSuchElementException("no campaign " + campaignId);
            }
            int inserted = 0;
            List<Long> duplicateLines = new ArrayList<>();
            // ON CONFLICT DO NOTHING: PostgreSQL INSERT docs; H2 takes it in MODE=PostgreSQL. A skipped
            // row counts 0 in the batch's update counts on both drivers.
            try (PreparedStatement s = c.prepareStatement("INSERT INTO contacts (campaign_id, phone, variables,"
                    + " line_no, status, attempts, next_attempt_at, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                List<Long> lines = new ArrayList<>(BATCH);
                for (NewContact contact : contacts) {
                    s.setLong(1, campaignId);
                    s.setString(2, contact.phone());
                    s.setString(3, contact.variables());
                    s.setLong(4, contact.lineNo());
                    Sql.time(s, 5, now);
                    Sql.time(s, 6, now);
                    Sql.time(s, 7, now);
                    s.addBatch();
                    lines.add(contact.lineNo());
                    if (lines.size() == BATCH) {
                        inserted += flush(s, lines, duplicateLines);
                    }
                }
                if (!lines.isEmpty()) {
                    inserted += flush(s, lines, duplicateLines);
                }
            }
            return new ImportResult(inserted, duplicateLines.size(), duplicateLines);
        });
    }

    private static int flush(PreparedStatement s, List<Long> lines, List<Long> duplicateLines) throws SQLException {
        int[] counts = s.executeBatch();
        int inserted = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                duplicateLines.add(lines.get(i));
            } else {
                inserted++;
            }
        }
        lines.clear();
        return inserted;
    }

    public Optional<ContactRow> get(long id) {
        return db.inTransaction("read contact " + id, c -> one(c, "c.id = ?", id));
    }

    /** The campaign's contact with this number, if any. */
    public Optional<ContactRow> find(long campaignId, String phone) {
        return db.inTransaction("find contact " + phone + " of campaign " + campaignId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM contacts c"
                    + " WHERE c.campaign_id = ? AND c.phone = ?")) {
                s.setLong(1, campaignId);
                s.setString(2, phone);
                return first(s);
            }
        });
    }

    /**
     * A page of a campaign's contacts in import order, for the results export: those with an id
     * above {@code afterId} (0 for the first page; then the last id of the previous page).
     */
    public List<ContactRow> page(long campaignId, long afterId, int limit) {
        Check.range("limit", limit, MAX_PAGE);
        return db.inTransaction("read contacts of campaign " + campaignId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM contacts c"
                    + " WHERE c.campaign_id = ? AND c.id > ? ORDER BY c.id LIMIT ?")) {
                s.setLong(1, campaignId);
                s.setLong(2, afterId);
                s.setInt(3, limit);
                return all(s);
            }
        });
    }

    /**
     * Claims up to {@code limit} contacts of a campaign that are due, earliest first, for one robot:
     * they become {@code dialing}, leased to {@code robotId} until {@code leaseUntil}. Due means
     * pending or retry_wait with a next attempt time at or before {@code now} and no live lease, or
     * dialing under an expired lease with no attempt in flight; a number on a do-not-call list
     * (every campaign's or this one's) is never claimed. Contacts another transaction is claiming
     * are skipped ({@code FOR UPDATE SKIP LOCKED}), so robots claiming at once never get the same one.
     */
    public List<ContactRow> claimDue(long campaignId, String robotId, Instant now, Instant leaseUntil, int limit) {
        Check.notBlank("robotId", robotId);
        Check.range("limit", limit, MAX_CLAIM);
        if (!leaseUntil.isAfter(now)) {
            throw new IllegalArgumentException("leaseUntil must be after now: " + leaseUntil + " <= " + now);
        }
        return db.inTransaction("claim contacts of campaign " + campaignId, c -> {
            List<Long> ids = db.dialect() == Dialect.POSTGRESQL
                    ? lockedOnPostgresql(c, campaignId, now, limit) : lockedOnH2(c, campaignId, now, limit);
            if (ids.isEmpty()) {
                return List.of();
            }
            String in = " IN (" + Sql.marks(ids.size()) + ")";
            try (PreparedStatement s = c.prepareStatement("UPDATE contacts SET status = 'dialing', lease_owner = ?,"
                    + " lease_until = ?, updated_at = ? WHERE id" + in)) {
                s.setString(1, robotId);
                Sql.time(s, 2, leaseUntil);
                Sql.time(s, 3, now);
                for (int i = 0; i < ids.size(); i++) {
                    s.setLong(4 + i, ids.get(i));
                }
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM contacts c WHERE c.id" + in
                    + " ORDER BY c.next_attempt_at, c.id")) {
                for (int i = 0; i < ids.size(); i++) {
                    s.setLong(1 + i, ids.get(i));
                }
                return all(s);
            }
        });
    }

    /**
     * H2 locks every row a {@code FOR UPDATE} query's condition holds for before it sorts and
     * limits (Select.isConditionMetForUpdate runs per row scanned; no sorted index is used with
     * FOR UPDATE), which would lock a whole campaign. So on H2 due contacts are read in order
     * without locks, then locked one by one by id, the condition checked again on the locked row's
     * latest version; one another transaction holds is skipped and the next ones read.
     */
    private static List<Long> lockedOnH2(Connection c, long campaignId, Instant now, int limit) throws SQLException {
        List<Long> locked = new ArrayList<>();
        Instant afterDue = null;
        long afterId = 0;
        while (locked.size() < limit) {
            String after = afterDue == null ? ""
                    : " AND (c.next_attempt_at > ? OR (c.next_attempt_at = ? AND c.id > ?))";
            List<Long> candidates = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT c.id, c.next_attempt_at FROM contacts c"
                    + " WHERE c.campaign_id = ? AND " + DUE + after + " ORDER BY c.next_attempt_at, c.id LIMIT ?")) {
                int i = due(s, campaignId, now);
                if (afterDue != null) {
                    Sql.time(s, i++, afterDue);
                    Sql.time(s, i++, afterDue);
                    s.setLong(i++, afterId);
                }
                s.setInt(i, limit - locked.size());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        candidates.add(r.getLong(1));
                        afterId = r.getLong(1);
                        afterDue = Sql.time(r, "next_attempt_at");
                    }
                }
            }
            if (candidates.isEmpty()) {
                break;
            }
            for (long id : candidates) {
                try (PreparedStatement s = c.prepareStatement("SELECT c.id FROM contacts c"
                        + " WHERE c.id = ? AND " + DUE + " FOR UPDATE SKIP LOCKED")) {
                    due(s, id, now);
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            locked.add(id);
                        }
                    }
                }
            }
        }
        return locked;
    }

    /** On PostgreSQL, one statement: SKIP LOCKED leaves out rows other claims hold before the limit counts. */
    private static List<Long> lockedOnPostgresql(Connection c, long campaignId, Instant now, int limit)
            throws SQLException {
        // FOR UPDATE SKIP LOCKED: PostgreSQL SELECT docs, "The Locking Clause"
        try (PreparedStatement s = c.prepareStatement("SELECT c.id FROM contacts c WHERE c.campaign_id = ? AND " + DUE
                + " ORDER BY c.next_attempt_at, c.id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            s.setInt(due(s, campaignId, now), limit);
            List<Long> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                }
            }
            return ids;
        }
    }

    /** Binds {@code key} and the times of {@link #DUE}; returns the next parameter's index. */
    private static int due(PreparedStatement s, long key, Instant now) throws SQLException {
        s.setLong(1, key);
        Sql.time(s, 2, now);
        Sql.time(s, 3, now);
        Sql.time(s, 4, now);
        return 5;
    }

    /** Extends the leases of every contact {@code robotId} is dialing; returns how many. */
    public int renewLeases(String robotId, Instant until) {
        Check.notBlank("robotId", robotId);
        return db.inTransaction("renew the leases of " + robotId, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE contacts SET lease_until = ?"
                    + " WHERE lease_owner = ? AND status = 'dialing'")) {
                Sql.time(s, 1, until);
                s.setString(2, robotId);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Gives back a contact {@code robotId} claimed but did not call (window closed, cap reached,
     * campaign paused), setting what becomes of it.
     *
     * @return false if the robot does not hold it, or an attempt of it is in flight (finish that instead)
     */
    public boolean release(long contactId, String robotId, ContactNext next) {
        return db.inTransaction("release contact " + contactId, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE contacts c SET status = ?, next_attempt_at = ?,"
                    + " final_outcome = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?"
                    + " WHERE c.id = ? AND c.status = 'dialing' AND c.lease_owner = ? AND NOT " + IN_FLIGHT)) {
                s.setString(1, next.status().id());
                Sql.time(s, 2, next.nextAttemptAt());
                s.setString(3, next.finalOutcome());
                Sql.time(s, 4, clock.instant());
                s.setLong(5, contactId);
                s.setString(6, robotId);
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Contacts whose lease expired at or before {@code now} with an attempt in flight, longest
     * expired first: the robot dialling them died or lost its database. Find out how each attempt
     * ended ({@link ContactRow#lastCallUuid()}) and {@link Attempts#finish} it; until then the
     * contact is never claimed.
     */
    public List<ContactRow> expiredLeases(Instant now, int limit) {
        Check.positive("limit", limit);
        return db.inTransaction("find expired leases", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM contacts c"
                    + " WHERE c.lease_owner IS NOT NULL AND c.lease_until <= ? AND c.status = 'dialing' AND " + IN_FLIGHT
                    + " ORDER BY c.lease_until, c.id LIMIT ?")) {
                Sql.time(s, 1, now);
                s.setInt(2, limit);
                return all(s);
            }
        });
    }

    /**
     * Closes a campaign's waiting (pending or retry_wait) contacts whose number is on a do-not-call
     * list now: status {@code dnc}, final outcome {@code dnc}. Claims skip them anyway; this makes
     * them final (e.g. before completing the campaign). Returns how many.
     */
    public int markDnc(long campaignId) {
        return closeWaiting(campaignId, ContactNext.doNotCall(), " AND " + ON_DNC);
    }

    /**
     * Closes every waiting (pending or retry_wait) contact of a campaign with {@code finalOutcome}
     * (e.g. when it is stopped, so the results say why they were never reached). Returns how many.
     */
    public int closeWaiting(long campaignId, String finalOutcome) {
        return closeWaiting(campaignId, ContactNext.done(finalOutcome), "");
    }

    private int closeWaiting(long campaignId, ContactNext next, String condition) {
        return db.inTransaction("close waiting contacts of campaign " + campaignId, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE contacts c SET status = ?, final_outcome = ?,"
                    + " next_attempt_at = NULL, updated_at = ?"
                    + " WHERE c.campaign_id = ? AND c.status IN ('pending', 'retry_wait')" + condition)) {
                s.setString(1, next.status().id());
                s.setString(2, next.finalOutcome());
                Sql.time(s, 3, clock.instant());
                s.setLong(4, campaignId);
                return s.executeUpdate();
            }
        });
    }

    static Optional<ContactRow> one(Connection c, String condition, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM contacts c WHERE " + condition)) {
            s.setLong(1, id);
            return first(s);
        }
    }

    private static Optional<ContactRow> first(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(row(r)) : Optional.empty();
        }
    }

    private static List<ContactRow> all(PreparedStatement s) throws SQLException {
        List<ContactRow> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.add(row(r));
            }
        }
        return rows;
    }

    private static ContactRow row(ResultSet r) throws SQLException {
        return new ContactRow(r.getLong("id"), r.getLong("campaign_id"), r.getString("phone"),
                r.getString("variables"), r.getLong("line_no"), ContactStatus.of(r.getString("status")),
                r.getInt("attempts"), Sql.time(r, "next_attempt_at"), r.getString("lease_owner"),
                Sql.time(r, "lease_until"), r.getString("final_outcome"), r.getString("result"),
                r.getString("last_call_uuid"), Sql.time(r, "last_started_at"), Sql.longOrNull(r, "last_duration_ms"),
                Sql.time(r, "created_at"), Sql.time(r, "updated_at"));
    }
}
