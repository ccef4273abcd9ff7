package io.callrobot.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.DefaultEventLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallLogTest {

    private final List<String> told = new CopyOnWriteArrayList<>();

    private static CallRecord record(int n) {
        Instant now = Instant.now();
        return new CallRecord("call-" + n, "inbound", "*1234", "9000", "assistant-zh", Map.of(), now, now, now,
                "NORMAL_CLEARING", "completed", null, List.of(), List.of(), null, null, null, null, null);
    }

    @Test
    void closeWritesEveryRecordQueuedBeforeIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        CallLog log = new CallLog(file, r -> told.add(r.uuid()));
        IntStream.range(0, 500).forEach(n -> log.write(record(n)));

        log.close();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(500);
        assertThat(lines.getFirst()).contains("\"uuid\":\"call-0\"");
        assertThat(lines.getLast()).contains("\"uuid\":\"call-499\"");
        assertThat(told).hasSize(500);
        assertThat(log.dropped()).isZero();
    }

    @Test
    void aSummaryIsALineOfItsOwnAfterTheRecordThatReadersTellApartByItsType(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        try (CallLog log = new CallLog(file, r -> told.add(r.uuid()))) {
            log.write(record(1));
            log.write(new SummaryRecord("call-1", "客户承诺下周五还款。\n意向：高", null));
            log.write(new SummaryRecord("call-2", null, "the LLM did not answer within 60 s"));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines.get(0)).has("type")).isFalse();
        assertThat(lines.get(1)).isEqualTo("{\"type\":\"summary\",\"uuid\":\"call-1\",\"summary\":\"客户承诺下周五还款。\\n意向：高\"}");
        assertThat(json.readTree(lines.get(2)).path("error").asText()).isEqualTo("the LLM did not answer within 60 s");
        assertThat(told).containsExactly("call-1"); // summaries are not call records
    }

    /**
     * The writer is stuck opening a FIFO nobody reads (a disk that does not answer): writes from an
     * event loop still return at once, a full queue drops and counts, and close() writes the rest.
     */
    @Test
    void aWriteFromTheEventLoopNeverWaitsForTheDisk(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("calls.fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        CallLog log = new CallLog(fifo, r -> told.add(Thread.currentThread().getName()), 2);
        DefaultEventLoop loop = new DefaultEventLoop();
        CompletableFuture<List<String>> reader = null;
        try {
            loop.submit(() -> log.write(record(1))).get(10, TimeUnit.SECONDS);
            await(() -> log.queued() == 0); // the writer took it and now waits for the FIFO to open

            loop.submit(() -> IntStream.rangeClosed(2, 4).forEach(n -> log.write(record(n))))
                    .get(10, TimeUnit.SECONDS);

            assertThat(log.dropped()).as("the fourth found the queue full").isEqualTo(1);
            assertThat(told).hasSize(4).allSatisfy(thread -> assertThat(thread).startsWith("defaultEventLoop"));
            reader = CompletableFuture.supplyAsync(() -> readAll(fifo), Thread::startVirtualThread);
            log.close();
            assertThat(reader.get(30, TimeUnit.SECONDS)).hasSize(3)
                    .satisfiesExactly(l -> assertThat(l).contains("call-1"), l -> assertThat(l).contains("call-2"),
                            l -> assertThat(l).contains("call-3"));
        } finally {
            if (reader == null) {
                Thread.startVirtualThread(() -> readAll(fifo)); // lets a stuck writer go
            }
            loop.shutdownGracefully();
        }
    }

    @Test
    void recordsWrittenAfterCloseAreDroppedAndCounted(@TempDir Path dir) {
        CallLog log = new CallLog(dir.resolve("calls.jsonl"), r -> told.add(r.uuid()));
        log.close();

        log.write(record(1));

        assertThat(log.dropped()).isEqualTo(1);
        assertThat(told).containsExactly("call-1");
    }

    @Test
    void aFileThatCannotBeWrittenDropsItsRecordsAndCloseStillReturns(@TempDir Path dir) {
        CallLog log = new CallLog(dir.resolve("no-such-dir").resolve("calls.jsonl"), r -> { });
        log.write(record(1));
        log.write(record(2));

        log.close();

        assertThat(log.dropped()).isEqualTo(2);
    }

    private static List<String> readAll(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void aRecordStaysOneLineWhateverTheChannelDataHeldAndParsesBackUnchanged(@TempDir Path dir) throws IOException {
        String caller = "1380\u2028forged\u0085line\u001b[31m\u202e\u007f\n";
        Path file = dir.resolve("calls.jsonl");
        Instant now = Instant.now();
        try (CallLog log = new CallLog(file, r -> { })) {
            log.write(new CallRecord("u-1", "inbound", caller, "9000", "flow\r\nname", Map.of("name", "张三"), now, now,
                    now, "NORMAL_CLEARING", "completed", null, List.of(), List.of(), null, null, null, null, null));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        String line = text.substring(0, text.length() - 1);
        assertThat(line.chars()).noneMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                || c == 0x2028 || c == 0x2029 || c == 0x202e);
        assertThat(line).contains("\\u2028", "\\u0085", "\\u001B", "\\u202e", "\\u007F", "张三");
        JsonNode parsed = new ObjectMapper().readTree(line);
        assertThat(parsed.get("caller").asText()).isEqualTo(caller);
        assertThat(parsed.get("flow").asText()).isEqualTo("flow\r\nname");
    }
}
