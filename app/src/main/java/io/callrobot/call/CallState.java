package io.callrobot.call;

import java.util.Locale;

/** Where a call is, as ops see it ({@code GET /calls}). */
enum CallState {
    CONNECTING, TALKING, LISTENING, HANGING_UP, TRANSFERRING, ENDED;

    /** The name ops see: {@code hanging_up}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
