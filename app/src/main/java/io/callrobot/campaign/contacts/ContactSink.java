package io.callrobot.campaign.contacts;

import java.util.List;

/** Receives imported contacts, a batch at a time, in file order, on the importing thread. */
@FunctionalInterface
public interface ContactSink {

    /**
     * Takes one batch (at most {@link ImportOptions#batchSize()} rows, never empty). An exception
     * thrown here stops the import and reaches its caller.
     */
    void accept(List<ContactRow> batch);
}
