package io.callrobot.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that receives the robot's audio for every simulated call: each call's unicast
 * socket, non-blocking, registered on one selector; each readable socket is drained into one
 * reused buffer and every datagram handed to its call's {@link RobotAudio} with its arrival time.
 * Nothing is allocated per datagram.
 */
final class MediaReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaReceiver.class);
    /** unicast_thread_run receives into the write frame's buffer (switch_ivr.c, switch_unicast_conninfo_t write_frame_data). */
    private static final int RECEIVE_BUFFER = 8192;

    private final Selector selector;
    private final Thread thread;
    private volatile boolean running = true;

    MediaReceiver() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the media selector", e);
        }
        thread = Thread.ofPlatform().name("sim-unicast-rx").daemon().unstarted(this::run);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /** Receives {@code channel}'s datagrams into {@code audio} until the channel closes. */
    void register(DatagramChannel channel, RobotAudio audio) throws IOException {
        channel.configureBlocking(false);
        // since JDK 11 registering does not wait for a select under way; the wake-up makes it see the key
        channel.register(selector, SelectionKey.OP_READ, audio);
        selector.wakeup();
    }

    /**
     * Closes a registered channel: its socket is released only when the selector next deregisters
     * it, so wake the selector rather than leave the port bound until other traffic arrives.
     */
    void close(DatagramChannel channel) throws IOException {
        channel.close();
        selector.wakeup();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
        while (running) {
            try {
                selector.select();
            } catch (IOException | ClosedSelectorException e) {
                if (running) {
                    LOG.error("media selector failed; the robot's audio is no longer received", e);
                }
                return;
            }
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                drain(key, buffer);
            }
        }
    }

    private static void drain(SelectionKey key, ByteBuffer buffer) {
        DatagramChannel channel = (DatagramChannel) key.channel();
        RobotAudio audio = (RobotAudio) key.attachment();
        try {
            while (true) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (from == null) {
                    return;
                }
                long arrival = System.nanoTime();
                buffer.flip();
                audio.received(buffer, arrival);
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            key.cancel(); // the call's media stopped
        } catch (IOException e) {
            LOG.debug("unicast receive failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("closing the media selector: {}", e.getMessage());
        }
    }
}
