package io.callrobot.esl;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EslFrameDecoderTest {

    private static final String EVENT_BODY = "Event-Name: CUSTOM\nvariable_customer_name: %E5%BC%A0%E4%B8%89\n\n";
    private static final String STREAM = "Content-Type: command/reply\nReply-Text: +OK Events Enabled\n\n"
            + "Content-Length: " + utf8(EVENT_BODY).length + "\nContent-Type: text/event-plain\n\n" + EVENT_BODY
            + "Content-Type: api/response\nContent-Length: " + utf8("+OK 你好\n").length + "\n\n+OK 你好\n";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static EmbeddedChannel channel(int maxHeader, int maxBody) {
        return new EmbeddedChannel(new EslFrameDecoder(maxHeader, maxBody));
    }

    private static List<EslFrame> feed(EmbeddedChannel ch, byte[]... chunks) {
        List<ByteBuf> written = new ArrayList<>();
        for (byte[] chunk : chunks) {
            if (chunk.length == 0) {
                continue;
            }
            ByteBuf buf = Unpooled.copiedBuffer(chunk);
            written.add(buf);
            ch.writeInbound(buf);
        }
        assertThat(written).allSatisfy(buf -> assertThat(buf.refCnt()).as("decoder released its input").isZero());
        List<EslFrame> frames = new ArrayList<>();
        EslFrame frame;
        while ((frame = ch.readInbound()) != null) {
            frames.add(frame);
        }
        return frames;
    }

    private static void assertStreamFrames(List<EslFrame> frames) {
        assertThat(frames).hasSize(3).noneMatch(EslFrame::isFailure);
        assertThat(frames.get(0).contentType()).isEqualTo("command/reply");
        assertThat(frames.get(0).headers()).containsEntry("Reply-Text", "+OK Events Enabled");
        assertThat(frames.get(0).body()).isEmpty();
        assertThat(frames.get(1).contentType()).isEqualTo("text/event-plain");
        assertThat(frames.get(1).body()).isEqualTo(EVENT_BODY);
        assertThat(frames.get(2).body()).isEqualTo("+OK 你好\n");
    }

    @Test
    void decodesFramesSplitAtEveryByteBoundary() {
        byte[] all = utf8(STREAM);
        for (int split = 0; split <= all.length; split++) {
            EmbeddedChannel ch = channel(1024, 1024);
            byte[] head = Arrays.copyOfRange(all, 0, split);
            byte[] tail = Arrays.copyOfRange(all, split, all.length);
            assertStreamFrames(feed(ch, head, tail));
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void decodesFramesFedOneByteAtATime() {
        byte[] all = utf8(STREAM);
        byte[][] bytes = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            bytes[i] = new byte[] {all[i]};
        }
        EmbeddedChannel ch = channel(1024, 1024);
        assertStreamFrames(feed(ch, bytes));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void decodesSeveralFramesFromOneRead() {
        EmbeddedChannel ch = channel(1024, 1024);
        assertStreamFrames(feed(ch, utf8(STREAM)));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void contentLengthZeroAndMissingMeanNoBody() {
        EmbeddedChannel ch = channel(1024, 1024);
        List<EslFrame> frames = feed(ch, utf8("Content-Type: text/disconnect-notice\nContent-Length: 0\n\n"
                + "Content-Type: command/reply\nReply-Text: +OK\n\n"));
        assertThat(frames).extracting(EslFrame::contentType).containsExactly("text/disconnect-notice", "command/reply");
        assertThat(frames).extracting(EslFrame::body).containsExactly("", "");
    }

    @Test
    void skipsBlankLinesBetweenFramesAndAcceptsCrLf() {
        EmbeddedChannel ch = channel(1024, 1024);
        List<EslFrame> frames = feed(ch, utf8("\n\r\nContent-Type: command/reply\r\nReply-Text: +OK\r\n\r\n"));
        assertThat(frames).singleElement().satisfies(f -> assertThat(f.headers()).containsEntry("Reply-Text", "+OK"));
    }

    @Test
    void valueMayContainColons() {
        EmbeddedChannel ch = channel(1024, 1024);
        List<EslFrame> frames = feed(ch, utf8("Content-Type: command/reply\nReply-Text: -ERR a: b\n\n"));
        assertThat(frames.get(0).headers()).containsEntry("Reply-Text", "-ERR a: b");
    }

    @Test
    void invalidContentLengthFailsAndDiscardsTheRest() {
        for (String bad : new String[] {"abc", "-1", "12345678901", " "}) {
            EmbeddedChannel ch = channel(1024, 1024);
            List<EslFrame> frames = feed(ch, utf8("Content-Type: api/response\nContent-Length: " + bad + "\n\nxyz"),
                    utf8("Content-Type: command/reply\nReply-Text: +OK\n\n"));
            assertThat(frames).as(bad).singleElement().satisfies(f -> {
                assertThat(f.isFailure()).isTrue();
                assertThat(f.failure()).isInstanceOf(CorruptedFrameException.class);
            });
        }
    }

    @Test
    void oversizedHeaderBlockFails() {
        EmbeddedChannel ch = channel(64, 1024);
        List<EslFrame> frames = feed(ch, utf8("Content-Type: command/reply\nReply-Text: " + "x".repeat(30)),
                utf8("y".repeat(30) + "\n\n"));
        assertThat(frames).singleElement().satisfies(f -> assertThat(f.failure()).isInstanceOf(TooLongFrameException.class));
    }

    @Test
    void oversizedHeaderWithoutNewlineFailsBeforeBuffering() {
        EmbeddedChannel ch = channel(64, 1024);
        List<EslFrame> frames = feed(ch, new byte[100]);
        assertThat(frames).singleElement().satisfies(f -> assertThat(f.failure()).isInstanceOf(TooLongFrameException.class));
    }

    @Test
    void oversizedBodyFailsWithoutAllocatingIt() {
        EmbeddedChannel ch = channel(1024, 100);
        List<EslFrame> frames = feed(ch, utf8("Content-Type: api/response\nContent-Length: 2000000000\n\n"), new byte[500]);
        assertThat(frames).singleElement().satisfies(f -> assertThat(f.failure()).isInstanceOf(TooLongFrameException.class));
    }

    @Test
    void garbageFailsOnce() {
        EmbeddedChannel ch = channel(1024, 1024);
        byte[] garbage = new byte[256];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37);
        }
        garbage[0] = (byte) 0xff; // a first line with no colon before any newline
        garbage[1] = '\n';
        List<EslFrame> frames = feed(ch, garbage, garbage, utf8("Content-Type: command/reply\n\n"));
        assertThat(frames).singleElement().satisfies(f -> assertThat(f.failure()).isInstanceOf(CorruptedFrameException.class));
    }

    @Test
    void multiByteUtf8BodySplitInsideACharacter() {
        String body = "{\"Event-Name\":\"CUSTOM\",\"name\":\"张三\"}";
        byte[] frame = utf8("Content-Length: " + utf8(body).length + "\nContent-Type: text/event-json\n\n" + body);
        int insideZhang = utf8("Content-Length: " + utf8(body).length + "\nContent-Type: text/event-json\n\n").length
                + utf8("{\"Event-Name\":\"CUSTOM\",\"name\":\"").length + 1;
        EmbeddedChannel ch = channel(1024, 1024);
        List<EslFrame> frames = feed(ch, Arrays.copyOfRange(frame, 0, insideZhang),
                Arrays.copyOfRange(frame, insideZhang, frame.length));
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.body()).isEqualTo(body);
            assertThat(EslEventParser.json(f.body()).header("name")).isEqualTo("张三");
        });
    }
}
