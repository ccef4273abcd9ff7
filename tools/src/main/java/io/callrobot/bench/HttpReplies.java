package io.callrobot.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Whole HTTP/1.1 responses for the fakes' request handlers. */
final class HttpReplies {

    private HttpReplies() {
    }

    static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status,
                     String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** An error in the OpenAI error-object shape, which generic HTTP clients also read as plain JSON. */
    static void error(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String message) {
        String json = "{\"error\":{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"type\":\"fake_error\",\"code\":" + status.code() + "}}";
        send(ctx, keepAlive, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}
