package io.callrobot.store;

/** Which database the store runs on, for the one statement whose locking differs (see {@link Contacts#claimDue}). */
enum Dialect {
    H2, POSTGRESQL;

    static Dialect of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : H2;
    }
}
