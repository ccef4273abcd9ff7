package io.callrobot.esl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link EslFrameDecoder#decode} on one whole Event Socket frame already in the inbound buffer:
 * a {@code command/reply} (headers only) or a {@code text/event-plain} event of about 2 KB whose
 * body carries URL-encoded event headers (framing as mod_event_socket.c writes it: outer
 * {@code Content-Length} and {@code Content-Type}, then the body). Each operation yields one frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EslFrameDecoderBenchmark {

    @Param({"reply", "event"})
    String frame;

    private final List<Object> out = new ArrayList<>(1);
    private EslFrameDecoder decoder;
    private ByteBuf in;

    @Setup
    public void setUp() {
        decoder = new EslFrameDecoder(64 * 1024, 1024 * 1024);
        String text = frame.equals("reply") ? "Content-Type: command/reply\nReply-Text: +OK\n\n" : plainEvent();
        in = Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public Object decode() {
        in.readerIndex(0);
        out.clear();
        decoder.decode(null, in, out);
        return out.get(0);
    }

    private static String plainEvent() {
        StringBuilder body = new StringBuilder()
                .append("Event-Name: CHANNEL_EXECUTE_COMPLETE\n")
                .append("Core-UUID: 6e4d7c1a-2b0f-4f4e-9d56-0c9b8b1c2e3f\n")
                .append("FreeSWITCH-Hostname: pbx1\n")
                .append("Event-Date-Timestamp: 1767225600123456\n")
                .append("Event-Calling-Function: switch_core_session_exec\n")
                .append("Unique-ID: 0f4b8a52-9f7e-4c1b-8a3d-5e6f7a8b9c0d\n")
                .append("Channel-State: CS_EXECUTE\n")
                .append("Channel-Call-State: ACTIVE\n")
                .append("Answer-State: answered\n")
                .append("Channel-Read-Codec-Name: PCMU\n")
                .append("Channel-Read-Codec-Rate: 8000\n")
                .append("Caller-Caller-ID-Number: 13800138000\n")
                .append("Caller-Destination-Number: 9196\n")
                .append("Application: playback\n")
                .append("Application-Data: tone_stream%3A%2F%2F%25(200%2C0%2C500)\n")
                .append("Application-Response: FILE%20PLAYED\n");
        for (int i = 0; i < 30; i++) {
            body.append("variable_campaign_field_").append(i).append(": %E5%BC%A0%E4%B8%89%20").append(i).append('\n');
        }
        body.append('\n');
        int length = body.toString().getBytes(StandardCharsets.UTF_8).length;
        return "Content-Length: " + length + "\nContent-Type: text/event-plain\n\n" + body;
    }
}
