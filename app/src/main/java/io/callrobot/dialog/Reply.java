package io.callrobot.dialog;

/** A reply in progress. */
public interface Reply {

    /** Stops producing text now (barge-in, hangup); idempotent; the sink hears nothing more. */
    void cancel();
}
