package io.callrobot.store.calls;

import io.callrobot.ops.CallRecord;
import io.callrobot.ops.SummaryRecord;
import io.callrobot.store.CallRecordSummary;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.CallRecords;
import io.callrobot.store.StoreException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves every call record to the store, on a thread of its own: callers (a call's executor, the
 * netty loop refusing a call) only queue it, so the database never delays a call. While the
 * database fails, the record at the head is tried again with back-off (1 s doubling to 30 s) and
 * the others wait; when {@value #CAPACITY} are waiting the oldest is dropped. Every record is in
 * the JSON call log anyway; the store's copy is what may be lost, and the counters say how much.
 * A call's post-call summary ({@link #summarized}) goes through the same queue, so it is written
 * after the call's record.
 */
public final class CallRecordSaver implements Consumer<CallRecord>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallRecordSaver.class);
    private static final int CAPACITY = 10_000;
    /** How long {@link #close()} waits for what is queued to be saved. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    /** What the saver takes from the queue. */
    private sealed interface Entry {
    }

    private record Save(CallRecord record) implements Entry {
    }

    private record Summarize(SummaryRecord summary) implements Entry {
    }

    private record End() implements Entry {
    }

    private final CallRecords records;
    private final CallRecordRows rows = new CallRecordRows();
    private final int capacity;
    private final BlockingQueue<Entry> queue;
    private final Duration firstRetry;
    private final Duration lastRetry;
    private final AtomicLong saved = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Counted down by {@link #close()}: a save waiting to be tried again gives up at once. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread saver;
    /** Set once by {@link #close()}; guarded by {@code this} together with queuing. */
    private boolean closed;

    public CallRecordSaver(CallRecords records) {
        this(records, CAPACITY, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    CallRecordSaver(CallRecords records, int capacity, Duration firstRetry, Duration lastRetry) {
        this.records = records;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // + 1: room for the end
        this.firstRetry = firstRetry;
        this.lastRetry = lastRetry;
        // a platform thread: JDBC drivers may block in synchronized code
        this.saver = Thread.ofPlatform().daemon().name("store-call-records").start(this::drain);
    }

    /** Queues the record; never blocks, never does I/O. */
    @Override
    public void accept(CallRecord record) {
        queue(new Save(record));
    }

    /** Queues a call's post-call summary, saved after its record; never blocks, never does I/O. */
    public void summarized(SummaryRecord summary) {
        queue(new Summarize(summary));
    }

    private void queue(Entry entry) {
        Entry lost = null;
        synchronized (this) {
            if (closed) {
                lost = entry;
            } else {
                if (queue.size() >= capacity) {
                    lost = queue.poll();
                }
                queue.add(entry);
            }
        }
        if (lost != null) {
            dropped.incrementAndGet();
            // before the end only saves and summaries are queued
            String what = lost instanceof Summarize summarize ? "summary of call " + summarize.summary().uuid()
                    : "record of call " + ((Save) lost).record().uuid();
            log.error("store: {}; the {} is only in the call log", closed ? "closed"
                    : capacity + " call records wait for the database", what);
        }
    }

    /** Records saved so far. */
    public long saved() {
        return saved.get();
    }

    /** Tries to save that failed (each record may fail several times before it is saved). */
    public long failures() {
        return failures.get();
    }

    /** Records given up: the queue was full, the saver closed, or a record the store refused. */
    public long dropped() {
        return dropped.get();
    }

    /** Records waiting to be saved. */
    public int queued() {
        return queue.size();
    }

    private void drain() {
        try {
            for (Entry entry = queue.take(); !(entry instanceof End); entry = queue.take()) {
                if (entry instanceof Save save) {
                    save(save.record());
                } else if (entry instanceof Summarize summarize) {
                    save(summarize.summary());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Saves one record, trying again while the database fails, unless closing. */
    private void save(CallRecord record) throws InterruptedException {
        CallRecordRow row;
        try {
            row = rows.of(record);
        } catch (Exception e) {
            dropped.incrementAndGet();
            log.error("store: cannot keep the record of call {}: {}", record.uuid(), e.getMessage());
            return;
        }
        Duration wait = firstRetry;
        for (int tries = 1; ; tries++) {
            try {
                records.save(row);
                saved.incrementAndGet();
                if (tries > 1) {
                    log.info("store: saving call records again after {} failed tries", tries - 1);
                }
                return;
            } catch (StoreException e) {
                failures.incrementAndGet();
                if (tries == 1) {
                    log.error("store: cannot save the record of call {} ({} more waiting); trying again: {}",
                            record.uuid(), queue.size(), e.getMessage());
                }
                if (closing.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    dropped.incrementAndGet();
                    log.error("store: closing; the record of call {} is only in the call log", record.uuid());
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(lastRetry) > 0 ? lastRetry : wait.multipliedBy(2);
            } catch (RuntimeException e) {
                dropped.incrementAndGet();
                log.error("store: the record of call {} was refused; it is only in the call log", record.uuid(), e);
                return;
            }
        }
    }

    /**
     * Adds a summary to its stored record, trying again while the database fails, unless closing.
     * A record the store does not have (dropped, or refused) keeps no summary: logged, not counted.
     */
    private void save(SummaryRecord summary) throws InterruptedException {
        CallRecordSummary value = summary.summary() != null ? CallRecordSummary.of(summary.summary())
                : CallRecordSummary.failed(summary.error());
        Duration wait = firstRetry;
        while (true) {
            try {
                if (!records.saveSummary(summary.uuid(), value)) {
                    log.warn("store: no record of call {} to add its summary to", summary.uuid());
                }
                return;
            } catch (StoreException e) {
                failures.incrementAndGet();
                if (closing.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    dropped.incrementAndGet();
                    log.error("store: closing; the summary of call {} is only in the call log", summary.uuid());
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(lastRetry) > 0 ? lastRetry : wait.multipliedBy(2);
            } catch (RuntimeException e) {
                dropped.incrementAndGet();
                log.error("store: the summary of call {} was refused; it is only in the call log", summary.uuid(), e);
                return;
            }
        }
    }

    /** Saves what is queued (a record failing now is dropped), then stops; records given after this are dropped. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(new End()); // fits: accept leaves one place free
        }
        closing.countDown();
        try {
            if (!saver.join(CLOSE_TIMEOUT)) {
                log.error("store: still saving call records after {} s; {} not saved", CLOSE_TIMEOUT.toSeconds(),
                        queue.size() - 1);
                saver.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
