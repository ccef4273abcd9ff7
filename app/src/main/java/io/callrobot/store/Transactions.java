package io.callrobot.store;

/**
 * Runs work in a transaction: a transaction of its own taken from the pool ({@link Database}), or
 * the one it is called inside ({@link Transactions#on}), so that a table's operation is atomic alone
 * and also joins a larger transaction.
 */
interface Transactions {

    /**
     * @param what names the operation in errors, e.g. {@code "claim contacts of campaign 3"}
     * @throws StoreException when the database fails
     */
    <T> T inTransaction(String what, SqlWork<T> work);

    /** The database the work runs on. */
    Dialect dialect();

    /** Work on a connection whose transaction someone else commits or rolls back. */
    static Transactions on(java.sql.Connection connection, Dialect dialect) {
        return new Transactions() {
            @Override
            public Dialect dialect() {
                return dialect;
            }

            @Override
            public <T> T inTransaction(String what, SqlWork<T> work) {
                try {
                    return work.run(connection);
                } catch (java.sql.SQLException e) {
                    throw Database.failure(what, e);
                }
            }
        };
    }
}
