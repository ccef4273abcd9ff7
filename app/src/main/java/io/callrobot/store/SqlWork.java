package io.callrobot.store;

import java.sql.Connection;
import java.sql.SQLException;

/** JDBC statements run on one connection, inside a transaction the caller commits. */
@FunctionalInterface
interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}
