package io.callrobot.net.ws;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * One connection's websocket protocol on its event loop, where all its state lives: the opening
 * handshake (frames written before it completes wait here), incoming messages, pings, the close
 * handshake with its time-out, and the one terminal report to the {@link WsListener}.
 */
final class WsHandler extends ChannelDuplexHandler {

    private final WsConnection connection;
    private final WebSocketClientHandshaker handshaker;
    private final WsListener listener;
    private final long handshakeTimeoutMillis;
    private final long closeTimeoutMillis;
    private ChannelHandlerContext ctx;
    private PendingWriteQueue beforeOpen;
    private boolean open;
    private boolean closeSent;
    /** onClosed or onFailure was reported: nothing more goes to the listener. */
    private boolean ended;

    WsHandler(WsConnection connection, WebSocketClientHandshaker handshaker, WsListener listener,
              long handshakeTimeoutMillis, long closeTimeoutMillis) {
        this.connection = connection;
        this.handshaker = handshaker;
        this.listener = listener;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.closeTimeoutMillis = closeTimeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        beforeOpen = new PendingWriteQueue(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        handshaker.handshake(ctx.channel());
        ctx.executor().schedule(() -> {
            if (!open) {
                fail(ctx, new IOException("no websocket handshake response within " + handshakeTimeoutMillis + " ms"));
            }
        }, handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    /** The connect attempt failed; runs on the loop, after this handler was added. */
    void connectFailed(Throwable cause) {
        if (ctx == null) { // not even registered: nothing to close
            ended = true;
            listener.onFailure(connection, cause);
        } else {
            fail(ctx, cause);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpResponse response) {
                handshakeAnswered(ctx, response);
            } else if (msg instanceof TextWebSocketFrame text) {
                if (!ended) {
                    listener.onText(connection, text.text());
                }
            } else if (msg instanceof PingWebSocketFrame ping) {
                // RFC 6455 §5.5.2: a pong with the ping's application data, unless a close went out already
                if (!closeSent) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                peerClosed(ctx, close);
            }
            // binary messages and pongs: nothing the clients of this connection expect
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handshakeAnswered(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (!HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
            fail(ctx, new WsHandshakeException("websocket handshake refused: HTTP " + response.status(),
                    response.status().code()));
            return;
        }
        String offered = handshaker.expectedSubprotocol();
        if (offered != null && !response.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            // RFC 6455 §4.2.2: a server may answer with no subprotocol (FunASR's C++ runtime does);
            // netty's handshaker insists on one, so an absent answer is taken as the one offered
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, offered);
        }
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (WebSocketHandshakeException e) {
            fail(ctx, new WsHandshakeException("websocket handshake failed: " + e.getMessage(), response.status().code()));
            return;
        }
        open = true;
        beforeOpen.removeAndWriteAll();
        ctx.flush();
    }

    private void peerClosed(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        int code = close.statusCode() == -1 ? 1005 : close.statusCode(); // RFC 6455 §7.1.5: 1005, no code given
        String reason = close.reasonText();
        if (closeSent) {
            ctx.close(); // our close is answered (RFC 6455 §7.1.1: the TCP connection may go now)
        } else {
            // RFC 6455 §5.5.1: answer a close with a close, echoing its code, then send nothing more
            closeSent = true;
            CloseWebSocketFrame answer = code == 1005 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, null);
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        }
        if (!ended) {
            ended = true;
            listener.onClosed(connection, code, reason);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!(msg instanceof WebSocketFrame)) {
            ctx.write(msg, promise); // the handshake request
        } else if (closeSent) {
            ReferenceCountUtil.release(msg); // RFC 6455 §5.5.1: no data frames after a close frame
            promise.trySuccess();
        } else {
            if (msg instanceof CloseWebSocketFrame) {
                closeSent = true;
                ctx.executor().schedule(() -> {
                    if (ctx.channel().isOpen()) {
                        fail(ctx, new IOException("the peer did not answer the close within " + closeTimeoutMillis + " ms"));
                    }
                }, closeTimeoutMillis, TimeUnit.MILLISECONDS);
            }
            if (open) {
                ctx.write(msg, promise);
            } else {
                beforeOpen.add(msg, promise);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, new IOException("the connection was lost without a websocket close frame"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    /**
     * Reports the failure unless the connection has ended, then drops what waits and closes. Failing
     * a waiting frame's void promise comes back here as an exception: by then the connection has ended.
     */
    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (!ended) {
            ended = true;
            listener.onFailure(connection, cause);
        }
        beforeOpen.removeAndFailAll(new ClosedChannelException());
        ctx.close();
    }
}
