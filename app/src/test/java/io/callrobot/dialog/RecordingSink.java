package io.callrobot.dialog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/** Records one reply as the call would receive it, from any thread. */
final class RecordingSink implements ReplySink {

    /** A finished reply. */
    record Spoken(ReplyOptions options, String text, List<String> pieces, NextStep next) {
    }

    private ReplyOptions options;
    private final List<String> pieces = new ArrayList<>();
    private final CompletableFuture<Spoken> done = new CompletableFuture<>();
    private final List<String> violations = new ArrayList<>();
    private int begins;

    @Override
    public synchronized void begin(ReplyOptions options) {
        begins++;
        this.options = options;
    }

    @Override
    public synchronized void text(String delta) {
        if (begins != 1 || done.isDone()) {
            violations.add("text '" + delta + "' outside begin..end");
        }
        pieces.add(delta);
    }

    @Override
    public synchronized void end(NextStep next) {
        if (begins != 1) {
            violations.add("end after " + begins + " begin calls");
        }
        if (!done.complete(new Spoken(options, String.join("", pieces), List.copyOf(pieces), next))) {
            violations.add("end called twice");
        }
    }

    final List<String> dtmf = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void sendDtmf(String digits) {
        dtmf.add(digits);
    }

    synchronized List<String> pieces() {
        return List.copyOf(pieces);
    }

    boolean ended() {
        return done.isDone();
    }

    /** Waits until {@code count} text pieces have arrived. */
    void awaitPieces(int count) {
        Awaitility.await().untilAsserted(() -> assertThat(pieces()).hasSizeGreaterThanOrEqualTo(count));
    }

    Spoken await() throws Exception {
        Spoken spoken = done.get(10, TimeUnit.SECONDS);
        assertContractKept();
        return spoken;
    }

    synchronized void assertContractKept() {
        assertThat(violations).isEmpty();
    }
}
