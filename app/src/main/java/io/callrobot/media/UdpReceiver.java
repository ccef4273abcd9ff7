package io.callrobot.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One selector thread that drains the sockets of all calls as datagrams arrive. */
final class UdpReceiver {

    private static final Logger log = LoggerFactory.getLogger(UdpReceiver.class);

    private final Selector selector;
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final Thread thread;
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

    /** Lets the selector drop keys of closed channels promptly, which releases their sockets. */
    void wakeup() {
        selector.wakeup();
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
    }

    private void run() {
        while (running) {
            try {
                selector.select(onReady);
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
