package io.callrobot.esl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/** Writes a command as its UTF-8 lines plus the empty line that ends it (mod_event_socket.c, read_packet). */
@ChannelHandler.Sharable
public final class EslCommandEncoder extends MessageToByteEncoder<EslCommand> {

    @Override
    protected void encode(ChannelHandlerContext ctx, EslCommand command, ByteBuf out) {
        out.writeCharSequence(command.text(), StandardCharsets.UTF_8);
        out.writeByte('\n').writeByte('\n');
    }
}
