package io.callrobot.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per ended call. Writing happens on its own thread so a slow disk never
 * delays a call; records are only dropped (and counted, and logged) if that thread falls
 * {@value #CAPACITY} records behind. Every line also goes to the {@code callrobot.calls} logger.
 */
public final class CallLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallLog.class);
    private static final Logger calls = LoggerFactory.getLogger("callrobot.calls");
    private static final int CAPACITY = 10_000;
    private static final String POISON = "";

    private final ObjectMapper json = new ObjectMapper(new JsonFactory().setCharacterEscapes(new JsonLineEscapes()))
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Path file;
    private final Thread writer;
    private final Consumer<CallRecord> onRecord;
    private volatile long dropped;

    /**
     * @param file     where to append, or null to log only
     * @param onRecord also told of every record (metrics, live view); must not block
     */
    public CallLog(Path file, Consumer<CallRecord> onRecord) {
        this.file = file;
        this.onRecord = onRecord;
        this.writer = Thread.ofPlatform().name("call-log").daemon().start(this::drain);
    }

    /** Serialises and queues the record; never blocks. */
    public void write(CallRecord record) {
        onRecord.accept(record);
        String line;
        try {
            line = json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            log.error("call {}: cannot serialise the call record", record.uuid(), e);
            return;
        }
        calls.info(line);
        if (file != null && !queue.offer(line)) {
            dropped++;
            log.error("call log is {} records behind; dropped the record of call {}", CAPACITY, record.uuid());
        }
    }

    public long dropped() {
        return dropped;
    }

    private void drain() {
        if (file == null) {
            return;
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (true) {
                String line = queue.take();
                if (line == POISON) {
                    return;
                }
                out.write(line);
                out.write('\n');
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            log.error("cannot write the call log {}", file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        if (file != null) {
            try {
                queue.put(POISON);
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
