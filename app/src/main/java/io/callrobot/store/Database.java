package io.callrobot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and its transactions: each {@link #inTransaction} takes a connection, runs the
 * work, commits, and runs it again when the database aborted it for a deadlock or a lock wait (the
 * work must have no effect outside the database). Opening it migrates the schema.
 */
final class Database implements Transactions, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Runs of a transaction the database aborts to break a deadlock, before giving up. */
    private static final int ATTEMPTS = 5;
    /**
     * SQLSTATEs of a transaction aborted so that another can go on: 40001 serialization failure (also
     * H2's deadlock, ErrorCode.DEADLOCK_1), 40P01 PostgreSQL's deadlock (PostgreSQL "Errcodes" appendix),
     * HYT00 H2's lock time-out (ErrorCode.LOCK_TIMEOUT_1).
     */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "HYT00");

    private final HikariDataSource pool;
    private final String description;
    private final Dialect dialect;

    private Database(HikariDataSource pool, String description, Dialect dialect) {
        this.pool = pool;
        this.description = description;
        this.dialect = dialect;
    }

    /**
     * Connects and brings the schema to the latest version.
     *
     * @throws StoreException naming the configuration key to look at
     */
    static Database open(StoreConfig config) {
        String description = config.embedded()
                ? "embedded database in " + Path.of(config.dataDir()).toAbsolutePath() : config.url();
        if (config.embedded()) {
            Path dir = Path.of(config.dataDir()).toAbsolutePath();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StoreException("store.dataDir: cannot create " + dir + ": " + e, e);
            }
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("store");
        hikari.setJdbcUrl(config.jdbcUrl());
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null && !config.password().isEmpty()) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setAutoCommit(false);
        hikari.setConnectionTimeout(5_000);
        if (config.jdbcUrl().startsWith("jdbc:postgresql:")) {
            // pgjdbc connection properties ("Connection Parameters" in its docs), in seconds; a URL's own win
            hikari.addDataSourceProperty("connectTimeout", "5");
            hikari.addDataSourceProperty("socketTimeout", "120");
            hikari.addDataSourceProperty("tcpKeepAlive", "true");
            hikari.addDataSourceProperty("ApplicationName", "callrobot");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException(openFailure(config, description, e.getCause() == null ? e : e.getCause()), e);
        }
        try {
            var result = Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .failOnMissingLocations(true).placeholderReplacement(false).load().migrate();
            log.info("store: {}, schema version {} ({} migrations applied now)", description,
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("store: cannot migrate the schema of " + description + ": " + e.getMessage(), e);
        }
        return new Database(pool, description, Dialect.of(config.jdbcUrl()));
    }

    private static String openFailure(StoreConfig config, String description, Throwable cause) {
        String reason = String.valueOf(cause.getMessage());
        if (config.embedded() && cause instanceof SQLException sql && sql.getErrorCode() == 90020) {
            // H2 ErrorCode.DATABASE_ALREADY_OPEN_1: the file is locked by another process
            return "store.dataDir: the " + description + " is in use by another process (another robot?);"
                    + " robots that share a store need PostgreSQL (store.url)";
        }
        return (config.embedded() ? "store.dataDir: cannot open the " : "store.url: cannot connect to ")
                + description + ": " + reason;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T inTransaction(String what, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = pool.getConnection()) {
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollback(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && RETRYABLE.contains(e.getSQLState())) {
                    again(what, e, attempt);
                    continue;
                }
                throw failure(what, e);
            } catch (StoreException e) {
                // a table's statement inside a larger transaction (Transactions.on) failed that way
                if (attempt < ATTEMPTS && e.getCause() instanceof SQLException sql
                        && RETRYABLE.contains(sql.getSQLState())) {
                    again(what, sql, attempt);
                    continue;
                }
                throw e;
            }
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Waits a few random milliseconds, longer each time, so that the transactions that collided part. */
    private static void again(String what, SQLException e, int attempt) {
        log.debug("store: {}: {}; running it again", what, e.getMessage());
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L << attempt));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StoreException("store: interrupted while running " + what + " again", interrupted);
        }
    }

    static StoreException failure(String what, SQLException e) {
        return new StoreException("store: cannot " + what + ": " + e.getMessage()
                + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
    }

    /** Whether the database answers a query now. */
    boolean healthy() {
        try (Connection connection = pool.getConnection(); Statement s = connection.createStatement()) {
            s.execute("SELECT 1");
            connection.commit();
            return true;
        } catch (SQLException e) {
            log.warn("store: {} does not answer: {}", description, e.getMessage());
            return false;
        }
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
    }
}
