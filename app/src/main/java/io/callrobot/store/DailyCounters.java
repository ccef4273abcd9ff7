package io.callrobot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calls counted per day and scope (a number, a campaign), for daily caps. Which day a call falls
 * on (in which time zone) is the caller's choice.
 */
public final class DailyCounters {

    private final Transactions db;

    DailyCounters(Transactions db) {
        this.db = db;
    }

    /**
     * Counts one call on {@code day} under every cap's scope if every counter stays within its cap,
     * else counts nothing: robots reserving at once can never take a counter past its cap. Usable
     * inside a claim's transaction ({@link Store#inTransaction}).
     *
     * @return whether the call was counted
     */
    public boolean tryReserve(LocalDate day, List<DailyCap> caps) {
        if (caps.isEmpty()) {
            return true;
        }
        // one cap per scope, the lowest; rows locked in scope order so two reservations never wait on each other
        Map<String, Integer> limits = new TreeMap<>();
        caps.forEach(cap -> limits.merge(cap.scope(), cap.limit(), Math::min));
        return db.inTransaction("reserve " + limits.keySet() + " on " + day, c -> {
            // ON CONFLICT DO NOTHING: a counter another transaction is creating is waited for, then used
            try (PreparedStatement s = c.prepareStatement("INSERT INTO daily_counters (counter_day, scope, used)"
                    + " VALUES (?, ?, 0) ON CONFLICT DO NOTHING")) {
                for (String scope : limits.keySet()) {
                    s.setObject(1, day);
                    s.setString(2, scope);
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT used FROM daily_counters"
                    + " WHERE counter_day = ? AND scope = ? FOR UPDATE")) {
                for (Map.Entry<String, Integer> cap : limits.entrySet()) {
                    s.setObject(1, day);
                    s.setString(2, cap.getKey());
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getInt(1) >= cap.getValue()) {
                            return false;
                        }
                    }
                }
            }
            add(c, day, limits.keySet(), 1);
            return true;
        });
    }

    /** Uncounts one call reserved under each scope and not placed after all (never below 0). */
    public void release(LocalDate day, Collection<String> scopes) {
        List<String> ordered = scopes.stream().distinct().sorted(Comparator.naturalOrder()).toList();
        db.inTransaction("release " + ordered + " on " + day, c -> {
            add(c, day, ordered, -1);
            return null;
        });
    }

    /** Calls counted on {@code day} under {@code scope}. */
    public int used(LocalDate day, String scope) {
        return db.inTransaction("read counter " + scope + " on " + day, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT used FROM daily_counters"
                    + " WHERE counter_day = ? AND scope = ?")) {
                s.setObject(1, day);
                s.setString(2, scope);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getInt(1) : 0;
                }
            }
        });
    }

    private static void add(java.sql.Connection c, LocalDate day, Collection<String> scopes, int delta)
            throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE daily_counters SET used = used + ?"
                + " WHERE counter_day = ? AND scope = ? AND used + ? >= 0")) {
            for (String scope : scopes) {
                s.setInt(1, delta);
                s.setObject(2, day);
                s.setString(3, scope);
                s.setInt(4, delta);
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
