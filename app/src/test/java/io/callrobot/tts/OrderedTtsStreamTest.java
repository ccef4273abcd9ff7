package io.callrobot.tts;

import static io.callrobot.concurrent.OtherThread.returnsOnAnotherThread;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OrderedTtsStreamTest {

    /** A provider call that produces audio (or fails) only when the test releases it. */
    private static final class GatedSynthesis implements ChunkSynthesis {
        final TextChunk chunk;
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        volatile boolean aborted;
        volatile boolean fail;

        GatedSynthesis(TextChunk chunk) {
            this.chunk = chunk;
        }

        @Override
        public void run(AudioSink sink) throws Exception {
            try {
                release.await();
                if (fail) {
                    throw new IOException("provider broke on chunk " + chunk.index());
                }
                sink.audio(new short[] {(short) chunk.index(), 1}, 8000);
                sink.audio(new short[] {2}, 8000);
            } finally {
                finished.countDown();
            }
        }

        @Override
        public void abort() {
            aborted = true;
            release.countDown();
        }
    }

    private final Map<Integer, GatedSynthesis> created = new ConcurrentHashMap<>();
    private final CountDownLatch thirdCreated = new CountDownLatch(1);
    private final RecordingTtsListener listener = new RecordingTtsListener();

    private OrderedTtsStream open(int maxInFlight) {
        return OrderedTtsStream.open("test", listener, maxInFlight, chunk -> {
            GatedSynthesis synthesis = new GatedSynthesis(chunk);
            created.put(chunk.index(), synthesis);
            if (chunk.index() == 2) {
                thirdCreated.countDown();
            }
            return synthesis;
        });
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void deliversInChunkOrderAndLimitsTheLookAhead() throws Exception {
        OrderedTtsStream stream = open(2);

        stream.send(new TextChunk(0, "a"));
        stream.send(new TextChunk(1, "b"));
        stream.send(new TextChunk(2, "c"));
        stream.finish();
        assertThat(created.keySet()).as("only two in flight").containsExactlyInAnyOrder(0, 1);

        created.get(1).release.countDown();
        await(created.get(1).finished);
        assertThat(listener.events).as("chunk 1 waits for chunk 0").isEmpty();
        created.get(0).release.countDown();
        await(thirdCreated); // chunk 2 starts once chunk 0 is delivered
        created.get(2).release.countDown();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.events).containsExactly("audio:0", "audio:0", "done:0", "audio:1", "audio:1", "done:1",
                "audio:2", "audio:2", "done:2", "complete");
        assertThat(listener.audio.get(2)).containsExactly(2, 1, 2);
    }

    @Test
    void cancelAbortsEverySynthesisAndSilencesTheListener() throws Exception {
        OrderedTtsStream stream = open(3);
        stream.send(new TextChunk(0, "a"));
        stream.send(new TextChunk(1, "b"));

        stream.cancel();
        stream.cancel();

        assertThat(created.values()).allMatch(s -> s.aborted);
        for (GatedSynthesis synthesis : created.values()) {
            await(synthesis.finished);
        }
        stream.send(new TextChunk(2, "c"));
        stream.finish();
        assertThat(created).doesNotContainKey(2);
        assertThat(listener.events).isEmpty();
    }

    @Test
    void failureIsReportedOnceInOrderAndAbortsTheRest() throws Exception {
        OrderedTtsStream stream = open(3);
        stream.send(new TextChunk(0, "a"));
        stream.send(new TextChunk(1, "b"));
        stream.send(new TextChunk(2, "c"));
        stream.finish();

        created.get(1).fail = true;
        created.get(1).release.countDown();
        created.get(0).release.countDown();

        assertThat(listener.awaitEnd()).hasMessage("provider broke on chunk 1");
        assertThat(listener.events).containsExactly("audio:0", "audio:0", "done:0", "failure");
        await(created.get(2).finished); // released only by abort()
        assertThat(created.get(2).aborted).isTrue();
    }

    @Test
    @Timeout(30)
    void aListenerMaySendFromAnotherThreadWhileItsChunkDoneRuns() throws Exception {
        OrderedTtsStream stream = open(2);
        CompletableFuture<Boolean> sentElsewhere = new CompletableFuture<>();
        listener.onDone = chunk -> {
            if (chunk.index() == 0) {
                // the stream's lock is not held during onChunkDone, so send() on another thread returns
                sentElsewhere.complete(returnsOnAnotherThread(() -> {
                    stream.send(new TextChunk(1, "b"));
                    stream.finish();
                }));
            }
        };
        stream.send(new TextChunk(0, "a"));
        created.get(0).release.countDown();

        assertThat(sentElsewhere.get()).isTrue();
        created.get(1).release.countDown(); // created by send(): a second synthesis may run ahead
        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.events).containsExactly("audio:0", "audio:0", "done:0", "audio:1", "audio:1", "done:1",
                "complete");
    }

    @Test
    void finishWithoutChunksCompletes() throws Exception {
        open(2).finish();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.events).containsExactly("complete");
    }
}
