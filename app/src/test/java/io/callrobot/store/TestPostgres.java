package io.callrobot.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for the tests, one per test JVM, where each test gets a database of its
 * own. PostgreSQL refuses to run as root, so: when {@value #URL_VARIABLE} is set (the launcher
 * sets it when run as root, after starting Debian's PostgreSQL as the {@code postgres} user; see
 * {@code .ci/postgres}) the server it names is used; otherwise zonky's embedded PostgreSQL is
 * started as the current user.
 */
public final class TestPostgres implements ExtensionContext.Store.CloseableResource {

    /** JDBC URL of a server where the tests may create databases, e.g. {@code jdbc:postgresql://127.0.0.1:5433/postgres?user=callrobot}. */
    public static final String URL_VARIABLE = "CALLROBOT_TEST_PG_URL";

    private final String host;
    private final String port;
    private final String user;
    private final String password;
    private final String adminUrl;
    private final EmbeddedPostgres embedded;

    private TestPostgres(String adminUrl, EmbeddedPostgres embedded) {
        Properties p = org.postgresql.Driver.parseURL(adminUrl, null);
        if (p == null) {
            throw new IllegalStateException(URL_VARIABLE + " is not a PostgreSQL JDBC URL: " + adminUrl);
        }
        this.adminUrl = adminUrl;
        this.embedded = embedded;
        this.host = p.getProperty("PGHOST");
        this.port = p.getProperty("PGPORT");
        this.user = p.getProperty("user", "");
        this.password = p.getProperty("password");
    }

    /** The server of this test run, started on first use and stopped when the run ends. */
    public static TestPostgres of(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(TestPostgres.class, k -> start(), TestPostgres.class);
    }

    private static TestPostgres start() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new TestPostgres(url, null);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, so the embedded test server cannot"
                    + " start: run ./callrobot test (which starts Debian's PostgreSQL as the postgres user), or set "
                    + URL_VARIABLE + " to a server where the tests may create databases");
        }
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            return new TestPostgres(server.getJdbcUrl("postgres", "postgres"), server);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL: " + e, e);
        }
    }

    /** Creates an empty database; returns the store settings that reach it. */
    StoreConfig createDatabase() {
        String name = "callrobot_test_" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE DATABASE " + name);
        return StoreConfig.defaults().withServer("jdbc:postgresql://" + host + ":" + port + "/" + name, user, password)
                .withPoolSize(8);
    }

    void dropDatabase(StoreConfig config) {
        String name = config.url().substring(config.url().lastIndexOf('/') + 1);
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + adminUrl + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
