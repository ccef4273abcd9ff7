package io.callrobot.campaign.contacts;

/**
 * A whole file cannot be imported: no header, no phone column, an unreadable encoding or
 * workbook, a row that never ends. Rows may already have reached the sink when this is thrown
 * (the file is streamed): the caller imports in one transaction and rolls it back.
 */
public final class ImportException extends RuntimeException {

    ImportException(String message) {
        super(message);
    }

    ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
