package io.callrobot.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The records of the most recently ended calls, for {@code GET /calls/{uuid}}. */
public final class RecentCalls implements Consumer<CallRecord> {

    private final Map<String, CallRecord> records;

    public RecentCalls(int capacity) {
        this.records = new LinkedHashMap<>(capacity * 4 / 3 + 1) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CallRecord> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized void accept(CallRecord record) {
        records.put(record.uuid(), record);
    }

    public synchronized Optional<CallRecord> find(String uuid) {
        return Optional.ofNullable(records.get(uuid));
    }
}
