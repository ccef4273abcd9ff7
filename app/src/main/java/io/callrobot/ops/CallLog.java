package io.callrobot.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per ended call, and logs it to the {@code callrobot.calls} logger; a call
 * whose flow asks for a post-call summary gets a second line when it is done ({@link SummaryRecord}). Callers
 * (a call's executor, or the netty event loop when a call is refused) only queue the record:
 * serialising, logging and writing happen on one writer thread, so a slow disk or console never
 * delays them. A record is dropped (counted and logged) only when the writer is
 * {@value #CAPACITY} records behind, or when the file cannot be written; {@link #close()} writes
 * everything queued before it.
 */
public final class CallLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallLog.class);
    private static final Logger calls = LoggerFactory.getLogger("callrobot.calls");
    private static final int CAPACITY = 10_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** What the writer takes from the queue. */
    private sealed interface Entry {
    }

    private record Line(CallRecord record) implements Entry {
    }

    private record SummaryLine(SummaryRecord summary) implements Entry {
    }

    private record End() implements Entry {
    }

    private final CallRecordJson json = new CallRecordJson();
    private final BlockingQueue<Entry> queue;
    private final int capacity;
    private final Path file;
    private final Consumer<CallRecord> onRecord;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    /** Set once by {@link #close()}; guarded by {@code this} together with queuing, so no record follows the end. */
    private boolean closed;

    /**
     * @param file     where to append, or null to log only
     * @param onRecord also told of every record (metrics, live view), on the caller's thread; must not block
     */
    public CallLog(Path file, Consumer<CallRecord> onRecord) {
        this(file, onRecord, CAPACITY);
    }

    CallLog(Path file, Consumer<CallRecord> onRecord, int capacity) {
        this.file = file;
        this.onRecord = onRecord;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // + 1: room for the end after a full queue
        this.writer = Thread.ofVirtual().name("call-log").start(this::drain);
    }

    /** Queues the record; never blocks, never does I/O. */
    public void write(CallRecord record) {
        onRecord.accept(record);
        if (!offer(new Line(record))) {
            dropped.incrementAndGet();
            log.error("call log is closed or {} lines behind; dropped the record of call {}", capacity, record.uuid());
        }
    }

    /**
     * Queues a call's post-call summary, a line after its record; never blocks, never does I/O.
     * Dropped like a record when the writer is too far behind or the log is closed.
     */
    public void write(SummaryRecord summary) {
        if (!offer(new SummaryLine(summary))) {
            dropped.incrementAndGet();
            log.error("call log is closed or {} lines behind; dropped the summary of call {}", capacity,
                    summary.uuid());
        }
    }

    /** Queues an entry unless closed or full. */
    private synchronized boolean offer(Entry entry) {
        if (closed || queue.size() >= capacity) {
            return false;
        }
        queue.add(entry);
        return true;
    }

    /** Records waiting for the writer. */
    int queued() {
        return queue.size();
    }

    /** Records not written: the writer was too far behind, the log was closed, or the file failed. */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        Writer out = null;
        try {
            for (Entry entry = queue.take(); !(entry instanceof End); entry = queue.take()) {
                if (entry instanceof Line line) {
                    out = append(out, line.record().uuid(), () -> json.write(line.record()));
                } else if (entry instanceof SummaryLine line) {
                    out = append(out, line.summary().uuid(), () -> json.write(line.summary()));
                }
                if (out != null && queue.isEmpty()) {
                    out = flush(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(out);
        }
    }

    /** A line's JSON text. */
    private interface Serialised {
        String text() throws JsonProcessingException;
    }

    /** Logs and appends one line; returns the open file, or null if it failed (the next line reopens it). */
    private Writer append(Writer out, String uuid, Serialised serialised) {
        String line;
        try {
            line = serialised.text();
        } catch (JsonProcessingException e) {
            dropped.incrementAndGet();
            log.error("call {}: cannot serialise the call log line", uuid, e);
            return out;
        }
        calls.info(line);
        if (file == null) {
            return null;
        }
        try {
            Writer open = out != null ? out : Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            open.write(line);
            open.write('\n');
            return open;
        } catch (IOException e) {
            dropped.incrementAndGet();
            log.error("cannot write the call log {}; dropped a line of call {}", file, uuid, e);
            close(out);
            return null;
        }
    }

    private Writer flush(Writer out) {
        try {
            out.flush();
            return out;
        } catch (IOException e) {
            log.error("cannot write the call log {}", file, e);
            close(out);
            return null;
        }
    }

    private void close(Writer out) {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            log.error("cannot write the call log {}", file, e);
        }
    }

    /** Writes what is queued, then stops; records written after this are dropped. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(new End()); // fits: writes leave one place free
        }
        try {
            if (!writer.join(CLOSE_TIMEOUT)) {
                log.error("call log still writing after {} s; {} records not written", CLOSE_TIMEOUT.toSeconds(),
                        queue.size() - 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
