package io.callrobot.ops;

import java.util.List;
import java.util.Optional;

/** The calls in progress, as the ops endpoint shows them. */
public interface LiveCalls {

    /** Every call in progress, for {@code GET /calls}. */
    List<LiveCall> liveCalls();

    /** One call in progress by its uuid, for {@code GET /calls/{uuid}}; a lookup, not a scan. */
    Optional<LiveCall> liveCall(String uuid);
}
