package io.callrobot.store;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a call attempt is: {@code originating} (recorded before the originate command went out),
 * {@code answered}, {@code ended}. Attempts not yet ended are in flight.
 */
public enum AttemptState {
    ORIGINATING, ANSWERED, ENDED;

    /** The name kept in the database, e.g. {@code originating}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the known states */
    public static AttemptState of(String id) {
        for (AttemptState s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown attempt state '" + id + "' (known: "
                + Arrays.stream(values()).map(AttemptState::id).toList() + ")");
    }
}
