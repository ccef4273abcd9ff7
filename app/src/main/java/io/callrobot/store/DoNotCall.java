package io.callrobot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Do-not-call entries, for every campaign or one. An entry takes effect at once: the next claim
 * skips the number, and an attempt about to be recorded for it is refused.
 */
public final class DoNotCall {

    /** The campaign id under which entries for every campaign are kept (campaign ids start at 1). */
    private static final long EVERY_CAMPAIGN = 0;

    private final Transactions db;
    private final Clock clock;

    DoNotCall(Transactions db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * @param campaignId the campaign it applies to, or null for every campaign
     * @return false if the number was already there (its first reason stays)
     */
    public boolean add(String phone, Long campaignId, String reason) {
        return addAll(List.of(phone), campaignId, reason) == 1;
    }

    /**
     * Adds many numbers with one scope and reason, in one transaction (e.g. an imported list).
     *
     * @return how many were new
     */
    public int addAll(Collection<String> phones, Long campaignId, String reason) {
        phones.forEach(phone -> Check.notBlank("phone", phone));
        Instant now = clock.instant();
        return db.inTransaction("add " + phones.size() + " do-not-call entries", c -> {
            int added = 0;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dnc (phone, campaign_id, reason, added_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                int batched = 0;
                for (String phone : phones) {
                    s.setString(1, phone);
                    s.setLong(2, scope(campaignId));
                    s.setString(3, reason);
                    Sql.time(s, 4, now);
                    s.addBatch();
                    if (++batched % 1000 == 0) {
                        added += added(s.executeBatch());
                    }
                }
                added += added(s.executeBatch());
            }
            return added;
        });
    }

    private static int added(int[] counts) {
        int added = 0;
        for (int count : counts) {
            added += count > 0 ? 1 : 0;
        }
        return added;
    }

    /** @return false if there was no such entry */
    public boolean remove(String phone, Long campaignId) {
        return db.inTransaction("remove do-not-call entry " + phone, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dnc WHERE phone = ? AND campaign_id = ?")) {
                s.setString(1, phone);
                s.setLong(2, scope(campaignId));
                return s.executeUpdate() == 1;
            }
        });
    }

    /** The entry for exactly this scope (null: every campaign). */
    public Optional<DncEntry> get(String phone, Long campaignId) {
        return db.inTransaction("read do-not-call entry " + phone, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT phone, campaign_id, reason, added_at FROM dnc"
                    + " WHERE phone = ? AND campaign_id = ?")) {
                s.setString(1, phone);
                s.setLong(2, scope(campaignId));
                List<DncEntry> rows = all(s);
                return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
            }
        });
    }

    /** Whether the number must not be called by this campaign: an entry for every campaign or for it. */
    public boolean blocks(String phone, long campaignId) {
        return db.inTransaction("look up do-not-call " + phone, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dnc WHERE phone = ? AND campaign_id IN (0, ?)")) {
                s.setString(1, phone);
                s.setLong(2, campaignId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /**
     * A page of one scope's entries (null: every campaign's) in number order: those after
     * {@code afterPhone} (null for the first page; then the last number of the previous page).
     */
    public List<DncEntry> list(Long campaignId, String afterPhone, int limit) {
        Check.positive("limit", limit);
        return db.inTransaction("list do-not-call entries", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT phone, campaign_id, reason, added_at FROM dnc"
                    + " WHERE campaign_id = ? AND phone > ? ORDER BY phone LIMIT ?")) {
                s.setLong(1, scope(campaignId));
                s.setString(2, afterPhone == null ? "" : afterPhone);
                s.setInt(3, limit);
                return all(s);
            }
        });
    }

    private static long scope(Long campaignId) {
        if (campaignId != null && campaignId <= 0) {
            throw new IllegalArgumentException("campaignId must be positive, or null for every campaign: " + campaignId);
        }
        return campaignId == null ? EVERY_CAMPAIGN : campaignId;
    }

    private static List<DncEntry> all(PreparedStatement s) throws SQLException {
        List<DncEntry> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                long campaign = r.getLong("campaign_id");
                rows.add(new DncEntry(r.getString("phone"), campaign == EVERY_CAMPAIGN ? null : campaign,
                        r.getString("reason"), Sql.time(r, "added_at")));
            }
        }
        return rows;
    }
}
