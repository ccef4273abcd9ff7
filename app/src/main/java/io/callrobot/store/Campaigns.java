package io.callrobot.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** Campaigns: their settings, their state, and counts of their contacts. */
public final class Campaigns {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, name, flow, dial_string, caller_ids, variables, call_window, pacing,"
            + " retry_policy, webhook, daily_cap_per_number, daily_cap, record_calls, state, created_at, updated_at";

    private final Transactions db;
    private final Clock clock;

    Campaigns(Transactions db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores a new campaign in state {@code draft}. */
    public CampaignRow create(NewCampaign campaign) {
        Instant now = clock.instant();
        String callerIds;
        try {
            callerIds = JSON.writeValueAsString(campaign.callerIds());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long id = db.inTransaction("create campaign " + campaign.name(), c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO campaigns (name, flow, dial_string, caller_ids,"
                    + " variables, call_window, pacing, retry_policy, webhook, daily_cap_per_number, daily_cap, state,"
                    + " created_at, updated_at, record_calls) VALUES (" + Sql.marks(15) + ")", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, campaign.name());
                s.setString(2, campaign.flow());
                s.setString(3, campaign.dialString());
                s.setString(4, callerIds);
                s.setString(5, campaign.variables());
                s.setString(6, campaign.window());
                s.setString(7, campaign.pacing());
                s.setString(8, campaign.retry());
                s.setString(9, campaign.webhook());
                Sql.intOrNull(s, 10, campaign.dailyCapPerNumber());
                Sql.intOrNull(s, 11, campaign.dailyCap());
                s.setString(12, CampaignState.DRAFT.id());
                Sql.time(s, 13, now);
                Sql.time(s, 14, now);
                if (campaign.recordCalls() == null) {
                    s.setNull(15, java.sql.Types.BOOLEAN);
                } else {
                    s.setBoolean(15, campaign.recordCalls());
                }
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        return get(id).orElseThrow();
    }

    public Optional<CampaignRow> get(long id) {
        return db.inTransaction("read campaign " + id, c -> find(c, id));
    }

    /** Every campaign, oldest first. */
    public List<CampaignRow> list() {
        return db.inTransaction("list campaigns", c -> {
            List<CampaignRow> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM campaigns ORDER BY id");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(row(r));
                }
            }
            return rows;
        });
    }

    /**
     * Moves a campaign to {@code state}, atomically checking that its current state allows it
     * ({@link CampaignState#next()}); moving to the state it is already in changes nothing.
     *
     * @return the campaign as it is now
     * @throws NoSuchElementException if there is no such campaign
     * @throws IllegalStateException  if its current state does not allow the move, naming both
     */
    public CampaignRow setState(long id, CampaignState state) {
        return db.inTransaction("set campaign " + id + " " + state.id(), c -> {
            Set<CampaignState> from = state.previous();
            if (!from.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("UPDATE campaigns SET state = ?, updated_at = ?"
                        + " WHERE id = ? AND state IN (" + Sql.marks(from.size()) + ")")) {
                    s.setString(1, state.id());
                    Sql.time(s, 2, clock.instant());
                    s.setLong(3, id);
                    int i = 4;
                    for (CampaignState f : from) {
                        s.setString(i++, f.id());
                    }
                    if (s.executeUpdate() == 1) {
                        return find(c, id).orElseThrow();
                    }
                }
            }
            CampaignRow current = find(c, id).orElseThrow(() -> new NoSuchElementException("no campaign " + id));
            if (current.state() == state) {
                return current;
            }
            throw new IllegalStateException("campaign " + id + " is " + current.state().id() + ": it cannot become "
                    + state.id() + " (from " + current.state().id() + " only " + current.state().next().stream()
                    .map(CampaignState::id).toList() + ")");
        });
    }

    /**
     * How many of a campaign's contacts are in each status, per final outcome and per result, and how
     * many waiting ones are blocked by a do-not-call entry (each count read as it is when counted).
     *
     * @throws NoSuchElementException if there is no such campaign
     */
    public CampaignCounts counts(long id) {
        return db.inTransaction("count contacts of campaign " + id, c -> {
            if (find(c, id).isEmpty()) {
                throw new NoSuchElementException("no campaign " + id);
            }
            Map<ContactStatus, Long> byStatus = new EnumMap<>(ContactStatus.class);
            for (ContactStatus s : ContactStatus.values()) {
                byStatus.put(s, 0L);
            }
            long total = 0;
            for (Map.Entry<String, Long> e : grouped(c, "status", id).entrySet()) {
                byStatus.put(ContactStatus.of(e.getKey()), e.getValue());
                total += e.getValue();
            }
            long blocked;
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM contacts c WHERE c.campaign_id = ?"
                    + " AND c.status IN ('pending', 'retry_wait') AND " + Contacts.ON_DNC)) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    blocked = r.getLong(1);
                }
            }
            return new CampaignCounts(id, total, byStatus, grouped(c, "final_outcome", id), grouped(c, "result", id),
                    blocked);
        });
    }

    /** Contacts of a campaign per value of {@code column}, nulls left out. */
    private static Map<String, Long> grouped(Connection c, String column, long id) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + column + ", COUNT(*) FROM contacts"
                + " WHERE campaign_id = ? AND " + column + " IS NOT NULL GROUP BY " + column)) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    counts.put(r.getString(1), r.getLong(2));
                }
            }
        }
        return counts;
    }

    static Optional<CampaignRow> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM campaigns WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    private static CampaignRow row(ResultSet r) throws SQLException {
        List<String> callerIds;
        try {
            callerIds = JSON.readValue(r.getString("caller_ids"), STRINGS);
        } catch (JsonProcessingException e) {
            throw new SQLException("campaign " + r.getLong("id") + ": caller_ids is not a JSON list of text", e);
        }
        return new CampaignRow(r.getLong("id"), r.getString("name"), r.getString("flow"), r.getString("dial_string"),
                callerIds, r.getString("variables"), r.getString("call_window"), r.getString("pacing"),
                r.getString("retry_policy"), r.getString("webhook"), Sql.intOrNull(r, "daily_cap_per_number"),
                Sql.intOrNull(r, "daily_cap"), recordCalls(r), CampaignState.of(r.getString("state")), Sql.time(r, "created_at"),
                Sql.time(r, "updated_at"));
    }

    private static Boolean recordCalls(ResultSet r) throws SQLException {
        boolean value = r.getBoolean("record_calls");
        return r.wasNull() ? null : value;
    }
}
