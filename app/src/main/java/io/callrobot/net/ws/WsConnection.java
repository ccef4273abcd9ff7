package io.callrobot.net.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client websocket. Every method returns at once from any thread and takes no lock: a frame is
 * handed to the connection's event loop ({@code writeAndFlush}), which sends it after the handshake,
 * in order. Sends after {@link #close} or {@link #cancel} are dropped and return false.
 */
public final class WsConnection {

    private final Channel channel;
    private final AtomicLong droppedFrames = new AtomicLong();
    private volatile boolean closing;

    WsConnection(Channel channel) {
        this.channel = channel;
    }

    /** Queues a text message; false if the connection is closing. Text is never dropped for back-pressure. */
    public boolean sendText(String text) {
        if (closing) {
            return false;
        }
        channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
        return true;
    }

    /**
     * Copies {@code length} bytes into a pooled buffer and queues them as one binary message; false if
     * the connection is closing or backed up. Backed up means more than the client's bound is waiting
     * to go out (the channel is not writable): the message is dropped and counted rather than queued
     * without limit, since audio that late is no use to a recogniser.
     */
    public boolean sendBinary(byte[] bytes, int offset, int length) {
        if (closing) {
            return false;
        }
        if (!channel.isWritable()) {
            droppedFrames.incrementAndGet();
            return false;
        }
        ByteBuf payload = channel.alloc().directBuffer(length).writeBytes(bytes, offset, length);
        channel.writeAndFlush(new BinaryWebSocketFrame(payload), channel.voidPromise());
        return true;
    }

    /**
     * Starts the close handshake (RFC 6455 §7.1.2): a close frame after what was sent before; the
     * listener hears {@link WsListener#onClosed} when the peer answers, or a failure if it does not in
     * the client's close time-out, when the connection is dropped. Only the first call counts.
     */
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason), channel.voidPromise());
    }

    /** Drops the connection now, without a close handshake; what was queued may be lost. Idempotent. */
    public void cancel() {
        closing = true;
        channel.close();
    }

    /** Binary messages dropped because the connection was backed up. */
    public long droppedFrames() {
        return droppedFrames.get();
    }
}
