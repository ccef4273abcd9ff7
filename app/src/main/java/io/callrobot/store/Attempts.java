package io.callrobot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Call attempts: recorded before the call is originated, so that after a restart every call that may
 * have been placed is known; then answered and finished, each contact's state following in the same
 * transaction.
 */
public final class Attempts {

    private static final String COLUMNS = "call_uuid, campaign_id, contact_id, robot_id, job_uuid, phone, caller_id,"
            + " state, outcome, hangup_cause, result, created_at, answered_at, ended_at, duration_ms";

    private final Transactions db;
    private final Clock clock;

    Attempts(Transactions db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records an attempt of a contact the robot has claimed, committed when this returns
     * {@link Originating#RECORDED}: only then may the call be originated. The contact's attempts
     * are counted and it points at this attempt. Nothing is recorded, and the call must not be
     * placed, when the robot's lease on the contact is gone or expired at {@code createdAt}, when
     * another attempt of it is in flight, or when its number is on a do-not-call list now.
     *
     * @throws NoSuchElementException if the campaign has no such contact
     */
    public Originating recordOriginating(NewAttempt attempt) {
        return db.inTransaction("record attempt " + attempt.callUuid(), c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE contacts c SET attempts = attempts + 1,"
                    + " last_call_uuid = ?, last_started_at = ?, last_duration_ms = NULL, updated_at = ?"
                    + " WHERE c.id = ? AND c.campaign_id = ? AND c.status = 'dialing' AND c.lease_owner = ?"
                    + " AND c.lease_until > ? AND NOT " + Contacts.IN_FLIGHT + " AND NOT " + Contacts.ON_DNC)) {
                s.setString(1, attempt.callUuid());
                Sql.time(s, 2, attempt.createdAt());
                Sql.time(s, 3, attempt.createdAt());
                s.setLong(4, attempt.contactId());
                s.setLong(5, attempt.campaignId());
                s.setString(6, attempt.robotId());
                Sql.time(s, 7, attempt.createdAt());
                if (s.executeUpdate() == 0) {
                    return refusal(c, attempt);
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO attempts (call_uuid, campaign_id, contact_id,"
                    + " robot_id, phone, caller_id, state, created_at) VALUES (?, ?, ?, ?, ?, ?, 'originating', ?)")) {
                s.setString(1, attempt.callUuid());
                s.setLong(2, attempt.campaignId());
                s.setLong(3, attempt.contactId());
                s.setString(4, attempt.robotId());
                s.setString(5, attempt.phone());
                s.setString(6, attempt.callerId());
                Sql.time(s, 7, attempt.createdAt());
                s.executeUpdate();
            }
            return Originating.RECORDED;
        });
    }

    /** Why the contact could not take the attempt. */
    private static Originating refusal(Connection c, NewAttempt attempt) throws SQLException {
        ContactRow contact = Contacts.one(c, "c.id = ?", attempt.contactId())
                .filter(found -> found.campaignId() == attempt.campaignId())
                .orElseThrow(() -> new NoSuchElementException("campaign " + attempt.campaignId() + " has no contact "
                        + attempt.contactId()));
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM contacts c WHERE c.id = ? AND " + Contacts.ON_DNC)) {
            s.setLong(1, contact.id());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return Originating.DO_NOT_CALL;
                }
            }
        }
        boolean held = contact.status() == ContactStatus.DIALING && attempt.robotId().equals(contact.leaseOwner())
                && contact.leaseUntil().isAfter(Sql.stored(attempt.createdAt()));
        return held && contact.lastCallUuid() != null && contact.lastDurationMs() == null
                ? Originating.IN_FLIGHT : Originating.NOT_LEASED;
    }

    /** Notes the bgapi Job-UUID FreeSWITCH answered for the originate; false if there is no such attempt. */
    public boolean jobAccepted(String callUuid, String jobUuid) {
        return db.inTransaction("note the job of attempt " + callUuid, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE attempts SET job_uuid = ? WHERE call_uuid = ?")) {
                s.setString(1, jobUuid);
                s.setString(2, callUuid);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Marks an originating attempt answered; false if it is not originating (already answered, or ended). */
    public boolean markAnswered(String callUuid, Instant at) {
        return db.inTransaction("mark attempt " + callUuid + " answered", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE attempts SET state = 'answered', answered_at = ?"
                    + " WHERE call_uuid = ? AND state = 'originating'")) {
                Sql.time(s, 1, at);
                s.setString(2, callUuid);
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Ends an attempt and applies what becomes of its contact, in one transaction: the attempt
     * gets its outcome, cause, result and duration; the contact its status, next attempt time,
     * final outcome, result and last duration, and loses its lease. Only the first call for an
     * attempt does anything, so the robot, a late event and the reconciliation may all try.
     *
     * @return false if the attempt had already ended
     * @throws NoSuchElementException if there is no such attempt
     */
    public boolean finish(AttemptEnd end, ContactNext next) {
        return db.inTransaction("finish attempt " + end.callUuid(), c -> {
            long contactId;
            Instant answeredAt;
            try (PreparedStatement s = c.prepareStatement("SELECT contact_id, state, answered_at FROM attempts"
                    + " WHERE call_uuid = ? FOR UPDATE")) {
                s.setString(1, end.callUuid());
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new NoSuchElementException("no attempt " + end.callUuid());
                    }
                    if (AttemptState.of(r.getString("state")) == AttemptState.ENDED) {
                        return false;
                    }
                    contactId = r.getLong("contact_id");
                    answeredAt = Sql.time(r, "answered_at");
                }
            }
            long duration = end.durationMs() != null ? end.durationMs()
                    : answeredAt == null ? 0 : Math.max(0, Duration.between(answeredAt, end.endedAt()).toMillis());
            try (PreparedStatement s = c.prepareStatement("UPDATE attempts SET state = 'ended', outcome = ?,"
                    + " hangup_cause = ?, result = ?, ended_at = ?, duration_ms = ? WHERE call_uuid = ?")) {
                s.setString(1, end.outcome());
                s.setString(2, end.hangupCause());
                s.setString(3, end.result());
                Sql.time(s, 4, end.endedAt());
                s.setLong(5, duration);
                s.setString(6, end.callUuid());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE contacts SET status = ?, next_attempt_at = ?,"
                    + " final_outcome = ?, result = ?, last_duration_ms = ?, lease_owner = NULL, lease_until = NULL,"
                    + " updated_at = ? WHERE id = ? AND last_call_uuid = ?")) {
                s.setString(1, next.status().id());
                Sql.time(s, 2, next.nextAttemptAt());
                s.setString(3, next.finalOutcome());
                s.setString(4, end.result());
                s.setLong(5, duration);
                Sql.time(s, 6, clock.instant());
                s.setLong(7, contactId);
                s.setString(8, end.callUuid());
                s.executeUpdate();
            }
            return true;
        });
    }

    public Optional<AttemptRow> get(String callUuid) {
        return db.inTransaction("read attempt " + callUuid, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM attempts WHERE call_uuid = ?")) {
                s.setString(1, callUuid);
                List<AttemptRow> rows = all(s);
                return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
            }
        });
    }

    /** The attempts a robot has in flight (originating or answered), oldest first: what to reconcile after its restart. */
    public List<AttemptRow> inFlight(String robotId) {
        return db.inTransaction("find attempts in flight of " + robotId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM attempts"
                    + " WHERE robot_id = ? AND state <> 'ended' ORDER BY created_at, call_uuid")) {
                s.setString(1, robotId);
                return all(s);
            }
        });
    }

    /** Attempts of every robot in one state, oldest first, at most {@code limit}. */
    public List<AttemptRow> inState(AttemptState state, int limit) {
        Check.positive("limit", limit);
        return db.inTransaction("find " + state.id() + " attempts", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM attempts"
                    + " WHERE state = ? ORDER BY created_at, call_uuid LIMIT ?")) {
                s.setString(1, state.id());
                s.setInt(2, limit);
                return all(s);
            }
        });
    }

    /** A contact's attempts, oldest first. */
    public List<AttemptRow> ofContact(long contactId) {
        return db.inTransaction("read the attempts of contact " + contactId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM attempts"
                    + " WHERE contact_id = ? ORDER BY created_at, call_uuid")) {
                s.setLong(1, contactId);
                return all(s);
            }
        });
    }

    /** A campaign's attempts counted by state, outcome and result tag, in one grouped query. */
    public AttemptBreakdown breakdown(long campaignId) {
        return db.inTransaction("count the attempts of campaign " + campaignId, c -> {
            long total = 0;
            long inFlight = 0;
            Map<String, Long> byOutcome = new HashMap<>();
            Map<String, Long> byResult = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT state, outcome, result, COUNT(*) FROM attempts"
                    + " WHERE campaign_id = ? GROUP BY state, outcome, result")) {
                s.setLong(1, campaignId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long n = r.getLong(4);
                        total += n;
                        if (!AttemptState.ENDED.id().equals(r.getString(1))) {
                            inFlight += n;
                        } else if (r.getString(2) != null) {
                            byOutcome.merge(r.getString(2), n, Long::sum);
                        }
                        if (r.getString(3) != null) {
                            byResult.merge(r.getString(3), n, Long::sum);
                        }
                    }
                }
            }
            return new AttemptBreakdown(campaignId, total, inFlight, byOutcome, byResult);
        });
    }

    private static List<AttemptRow> all(PreparedStatement s) throws SQLException {
        List<AttemptRow> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.add(new AttemptRow(r.getString("call_uuid"), r.getLong("campaign_id"), r.getLong("contact_id"),
                        r.getString("robot_id"), r.getString("job_uuid"), r.getString("phone"),
                        r.getString("caller_id"), AttemptState.of(r.getString("state")), r.getString("outcome"),
                        r.getString("hangup_cause"), r.getString("result"), Sql.time(r, "created_at"),
                        Sql.time(r, "answered_at"), Sql.time(r, "ended_at"), Sql.longOrNull(r, "duration_ms")));
            }
        }
        return rows;
    }
}
