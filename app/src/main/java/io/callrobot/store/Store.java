package io.callrobot.store;

import java.time.Clock;
import java.util.function.Function;

/**
 * The relational store of outbound campaigns: campaigns, contacts, call attempts, do-not-call
 * entries, daily counters and call records, on the embedded H2 database or on PostgreSQL. Opening
 * it brings the schema up to date (Flyway, {@code db/migration}). Every operation runs in a
 * transaction and is safe to call from any thread, and from several robots sharing one PostgreSQL
 * database; calls block on database I/O, so never make them on a netty event loop or a media thread.
 *
 * <p>The store offers atomic operations and no campaign rules: when to call, how often to retry
 * and what an outcome means are the caller's.
 */
public final class Store implements Repositories, AutoCloseable {

    private final Database database;
    private final Tables tables;
    private final Clock clock;

    private Store(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.tables = Tables.on(database, clock);
    }

    /**
     * Connects (or creates the embedded database) and migrates the schema.
     *
     * @param clock stamps the times the store sets itself (creation, updates, do-not-call entries)
     * @throws StoreException naming the configuration key to look at when the database cannot be
     *                        reached, opened or migrated
     */
    public static Store open(StoreConfig config, Clock clock) {
        return new Store(Database.open(config), clock);
    }

    /**
     * Runs {@code work} in one transaction: everything it does through the tables it is given
     * commits together, or not at all if it throws. When the database aborts the transaction to
     * break a deadlock, {@code work} runs again from the start, so it must do nothing outside the
     * store (no calls placed, no events sent) before it returns.
     */
    public <T> T inTransaction(Function<Repositories, T> work) {
        return database.inTransaction("run a transaction", c -> work.apply(Tables.on(Transactions.on(c, database.dialect()), clock)));
    }

    /** Whether the database answers now. */
    public boolean healthy() {
        return database.healthy();
    }

    /** What the store runs on: the embedded database's directory, or the PostgreSQL URL. */
    public String description() {
        return database.description();
    }

    @Override
    public Campaigns campaigns() {
        return tables.campaigns();
    }

    @Override
    public Contacts contacts() {
        return tables.contacts();
    }

    @Override
    public Attempts attempts() {
        return tables.attempts();
    }

    @Override
    public DailyCounters counters() {
        return tables.counters();
    }

    @Override
    public DoNotCall dnc() {
        return tables.dnc();
    }

    @Override
    public CallRecords callRecords() {
        return tables.callRecords();
    }

    @Override
    public AuditLog audit() {
        return tables.audit();
    }

    /** Closes every connection; the embedded database is closed with its last one. */
    @Override
    public void close() {
        database.close();
    }
}
