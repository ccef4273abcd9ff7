package io.callrobot.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One selector thread that drains the sockets of all calls as datagrams arrive. */
final class UdpReceiver {

    private static final Logger log = LoggerFactory.getLogger(UdpReceiver.class);

    private final Selector selector;
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final Thread thread;
    private final Queue<CompletableFuture<Void>> deregistrations = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    UdpReceiver() throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "media-receive");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY - 1);
    }

    void start() {
        thread.start();
    }

    /** Starts delivering datagrams of {@code channel} (non-blocking) to {@code call}. */
    void register(DatagramChannel channel, CallMedia call) throws IOException {
        // Since JDK 11 register() does not wait for a select in progress; wakeup makes it count now.
        channel.register(selector, SelectionKey.OP_READ, call);
        selector.wakeup();
    }

    /**
     * Returns once the selector has dropped the keys of channels closed before this call. A closed
     * channel keeps its socket bound until then (java.nio.channels.SelectableChannel: "deregistered
     * ... during the next selection operation"), so its port must not be handed out before.
     */
    void awaitDeregistered() {
        if (Thread.currentThread() == thread || !thread.isAlive()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        deregistrations.add(done);
        selector.wakeup();
        try {
            done.get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("media selector did not release a closed socket within 1 s");
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("closing media selector failed", e);
        }
        for (CompletableFuture<Void> done; (done = deregistrations.poll()) != null; ) {
            done.complete(null);
        }
    }

    private void run() {
        List<CompletableFuture<Void>> due = new ArrayList<>();
        while (running) {
            try {
                for (CompletableFuture<Void> done; (done = deregistrations.poll()) != null; ) {
                    due.add(done);
                }
                // every selection first drops the keys cancelled before it began
                if (due.isEmpty()) {
                    selector.select(onReady);
                } else {
                    selector.selectNow(onReady);
                    due.forEach(done -> done.complete(null));
                    due.clear();
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | UncheckedIOException e) {
                log.error("media selector failed", e);
                return;
            }
        }
    }

    private void onReady(SelectionKey key) {
        if (key.isValid() && key.isReadable()) {
            ((CallMedia) key.attachment()).receive();
        }
    }
}
