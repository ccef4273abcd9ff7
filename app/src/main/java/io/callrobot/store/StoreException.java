package io.callrobot.store;

/**
 * The database could not do what was asked: it is unreachable, refused a statement, or could not be
 * opened or migrated. The message names the operation and the database's reason.
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
