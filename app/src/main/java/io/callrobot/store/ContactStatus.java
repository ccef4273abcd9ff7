package io.callrobot.store;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a contact is: {@code pending} (never dialled yet), {@code dialing} (claimed by a robot, which
 * holds a lease on it), {@code retry_wait} (to be dialled again from its next attempt time),
 * {@code done} (never again; its final outcome says why) or {@code dnc} (on a do-not-call list).
 */
public enum ContactStatus {
    PENDING, DIALING, RETRY_WAIT, DONE, DNC;

    /** The name kept in the database, e.g. {@code retry_wait}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the known statuses */
    public static ContactStatus of(String id) {
        for (ContactStatus s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown contact status '" + id + "' (known: "
                + Arrays.stream(values()).map(ContactStatus::id).toList() + ")");
    }
}
