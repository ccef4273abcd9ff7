package io.callrobot.store;

import java.nio.file.Path;

/**
 * Where campaigns, contacts, attempts and call records are kept.
 *
 * @param url      JDBC URL of a PostgreSQL database ({@code jdbc:postgresql://host:5432/callrobot}), or empty
 *                 for the embedded database: an H2 file under {@code dataDir}; an H2 URL ({@code jdbc:h2:...})
 *                 is taken as it is
 * @param user     database user (PostgreSQL); empty for the driver's default
 * @param password the user's password, from {@code CALLROBOT_STORE_PASSWORD} only; null or empty for none
 * @param dataDir  directory of the embedded database, relative to the working directory unless absolute
 * @param poolSize connections kept open to the database
 */
public record StoreConfig(String url, String user, String password, String dataDir, int poolSize) {

    public StoreConfig {
        url = url == null ? "" : url.strip();
        user = user == null ? "" : user;
        dataDir = dataDir == null ? "" : dataDir;
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("url is not a PostgreSQL or H2 JDBC URL: '" + url
                    + "' (expected jdbc:postgresql://HOST:PORT/DATABASE, or empty for the embedded database)");
        }
        if (url.startsWith("jdbc:postgresql:") && org.postgresql.Driver.parseURL(url, null) == null) {
            throw new IllegalArgumentException("url is not a valid PostgreSQL JDBC URL: '" + url
                    + "' (expected jdbc:postgresql://HOST:PORT/DATABASE)");
        }
        if (url.isEmpty() && dataDir.isBlank()) {
            throw new IllegalArgumentException("dataDir must name a directory for the embedded database");
        }
        if (url.isEmpty() && dataDir.contains(";")) {
            throw new IllegalArgumentException("dataDir must not contain ';' (it goes into the H2 URL): " + dataDir);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, not " + poolSize);
        }
    }

    /** The embedded H2 database in {@code data/} under the working directory, 10 connections. */
    public static StoreConfig defaults() {
        return new StoreConfig("", "", null, "data", 10);
    }

    /** An embedded database in {@code dir}, with the other settings of the defaults. */
    public static StoreConfig embedded(Path dir) {
        return new StoreConfig("", "", null, dir.toString(), 10);
    }

    /** The same settings with another URL, user and password. */
    public StoreConfig withServer(String otherUrl, String otherUser, String otherPassword) {
        return new StoreConfig(otherUrl, otherUser, otherPassword, dataDir, poolSize);
    }

    /** The same settings with another pool size. */
    public StoreConfig withPoolSize(int otherPoolSize) {
        return new StoreConfig(url, user, password, dataDir, otherPoolSize);
    }

    /** Whether this is the embedded database (no URL given). */
    public boolean embedded() {
        return url.isEmpty();
    }

    /** The URL the pool connects to: the given one, or the embedded database's under {@link #dataDir}. */
    String jdbcUrl() {
        if (!embedded()) {
            // the queries use INSERT ... ON CONFLICT DO NOTHING, which H2 takes in its PostgreSQL mode
            return url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains(";MODE=")
                    ? url + ";MODE=PostgreSQL" : url;
        }
        // MODE=PostgreSQL: INSERT ... ON CONFLICT DO NOTHING, as on PostgreSQL (H2 "Compatibility" docs);
        // WRITE_DELAY=0: every commit is written to the file before it returns (a robot killed after
        // recording an attempt still has it); DB_CLOSE_ON_EXIT=FALSE: the store closes the database
        // itself, after the last record is saved; LOCK_TIMEOUT: how long a statement waits for a row
        // another transaction holds.
        return "jdbc:h2:file:" + Path.of(dataDir).toAbsolutePath().resolve("callrobot")
                + ";MODE=PostgreSQL;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "StoreConfig[url=" + url + ", user=" + user + ", password="
                + (password == null || password.isEmpty() ? "none" : "***") + ", dataDir=" + dataDir
                + ", poolSize=" + poolSize + "]";
    }
}
