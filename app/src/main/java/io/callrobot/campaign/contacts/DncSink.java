package io.callrobot.campaign.contacts;

import java.util.List;

/** Receives do-not-call entries, a batch at a time, in file order, on the importing thread. */
@FunctionalInterface
public interface DncSink {

    /** Takes one batch (at most {@link ImportOptions#batchSize()} entries, never empty). */
    void accept(List<DncEntry> batch);
}
