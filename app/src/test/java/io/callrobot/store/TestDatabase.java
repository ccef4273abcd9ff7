package io.callrobot.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An empty database for one test: an embedded H2 file in a directory of its own, or a database of
 * its own on the test PostgreSQL server. Stores opened on it are closed, and the database deleted,
 * when the test ends.
 */
public final class TestDatabase implements ExtensionContext.Store.CloseableResource {

    /** Which database a test runs on. */
    public enum Kind {
        H2, POSTGRESQL
    }

    private final Kind kind;
    private final StoreConfig config;
    private final Runnable delete;
    private final List<Store> opened = new ArrayList<>();

    private TestDatabase(Kind kind, StoreConfig config, Runnable delete) {
        this.kind = kind;
        this.config = config;
        this.delete = delete;
    }

    /** A new database of this kind for the test {@code context} runs. */
    public static TestDatabase create(Kind kind, ExtensionContext context) {
        if (kind == Kind.H2) {
            try {
                Path dir = Files.createTempDirectory("callrobot-store");
                return new TestDatabase(kind, StoreConfig.embedded(dir).withPoolSize(8), () -> deleteTree(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        TestPostgres server = TestPostgres.of(context);
        StoreConfig config = server.createDatabase();
        return new TestDatabase(kind, config, () -> server.dropDatabase(config));
    }

    public Kind kind() {
        return kind;
    }

    public StoreConfig config() {
        return config;
    }

    /** A plain connection to this database (auto-commit), e.g. to change it behind a store's back. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    /** Opens a store (a pool of its own) on this database with the system clock. */
    public Store open() {
        return open(Clock.systemUTC());
    }

    public synchronized Store open(Clock clock) {
        Store store = Store.open(config, clock);
        opened.add(store);
        return store;
    }

    @Override
    public synchronized void close() {
        opened.forEach(Store::close);
        delete.run();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return kind + " " + config;
    }
}
