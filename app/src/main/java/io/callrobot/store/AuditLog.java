package io.callrobot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Who did what through the API: appended once per request, read newest first. */
public final class AuditLog {

    /** Entries a page holds at most. */
    public static final int MAX_PAGE = 1000;
    /** Characters of a detail kept; longer ones are cut. */
    static final int MAX_DETAIL = 2000;

    private final Transactions db;
    private final Clock clock;

    AuditLog(Transactions db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Appends an entry stamped now; returns it with its id. */
    public AuditEntry add(String userName, String method, String path, int status, String detail, String clientAddress) {
        Check.notBlank("userName", userName);
        Check.notBlank("method", method);
        Check.notBlank("path", path);
        String cut = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
        var at = Sql.stored(clock.instant());
        long id = db.inTransaction("record audit entry for " + method + " " + path, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (at, user_name, method, path, status,"
                    + " detail, client_address) VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                Sql.time(s, 1, at);
                s.setString(2, userName);
                s.setString(3, method);
                s.setString(4, path);
                s.setInt(5, status);
                s.setString(6, cut);
                s.setString(7, clientAddress);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        return new AuditEntry(id, at, userName, method, path, status, cut, clientAddress);
    }

    /**
     * The newest entries, newest first: those before id {@code beforeId} (null for the newest;
     * then the last id of the previous page).
     */
    public List<AuditEntry> page(Long beforeId, int limit) {
        Check.range("limit", limit, MAX_PAGE);
        return db.inTransaction("read the audit log", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, at, user_name, method, path, status, detail,"
                    + " client_address FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?")) {
                s.setLong(1, beforeId == null ? Long.MAX_VALUE : beforeId);
                s.setInt(2, limit);
                List<AuditEntry> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(new AuditEntry(r.getLong("id"), Sql.time(r, "at"), r.getString("user_name"),
                                r.getString("method"), r.getString("path"), r.getInt("status"), r.getString("detail"),
                                r.getString("client_address")));
                    }
                }
                return rows;
            }
        });
    }
}
