package io.callrobot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.media.PcmAudio;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request-per-chunk TTS server: {@code POST /tts} with JSON {@code {"text", "voice", "emotion", "speed"}}
 * answers, after a fixed latency, {@code audio/wav} (16-bit mono PCM WAV) or {@code audio/pcm} (raw 16-bit
 * little-endian samples, rate in the {@code rate} parameter) holding a speech-like signal whose length
 * follows {@link #speechSeconds}. Delays run on the event loop's scheduler; nothing blocks.
 */
public final class FakeTtsServer implements AutoCloseable {

    /** Failure to simulate on every request. */
    public enum Fault {
        NONE,
        /** HTTP 500 with a JSON error. */
        STATUS_500,
        /** Content-Length announces the whole audio but the connection closes after half of it. */
        TRUNCATED_BODY
    }

    /** Body format of a successful answer. */
    public enum Format {
        /** {@code audio/wav}: a RIFF WAVE file. */
        WAV,
        /** {@code audio/pcm;rate=N}: bare signed 16-bit little-endian samples. */
        PCM
    }

    /**
     * @param latency    from the request to the whole answer
     * @param sampleRate of the audio returned
     */
    public record Settings(Duration latency, int sampleRate, Format format, Fault fault) {

        public Settings {
            if (sampleRate < 8000) {
                throw new IllegalArgumentException("sample rate too low: " + sampleRate);
            }
        }

        /** 150 ms latency, 16 kHz WAV. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(150), 16000, Format.WAV, Fault.NONE);
        }

        public Settings withLatency(Duration d) {
            return new Settings(d, sampleRate, format, fault);
        }

        public Settings withFormat(Format f) {
            return new Settings(latency, sampleRate, f, fault);
        }

        public Settings withFault(Fault f) {
            return new Settings(latency, sampleRate, format, f);
        }
    }

    private final Settings settings;
    private final Map<Double, byte[]> rendered = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final LoopbackServer server = new LoopbackServer("fake-tts");
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int port;

    public FakeTtsServer(Settings settings) {
        this.settings = settings;
    }

    /**
     * Audio length for {@code text}: 0.18 s per Han character, 0.06 s per other non-space character,
     * divided by {@code speed}.
     */
    public static double speechSeconds(String text, double speed) {
        double seconds = text.codePoints().filter(cp -> !Character.isWhitespace(cp))
                .mapToDouble(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN ? 0.18 : 0.06)
                .sum();
        return seconds / speed;
    }

    public FakeTtsServer start() {
        return start(0);
    }

    public FakeTtsServer start(int wantedPort) {
        port = server.start(wantedPort, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
            }
        });
        return this;
    }

    public int port() {
        return port;
    }

    /** The endpoint, {@code http://127.0.0.1:<port>/tts}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/tts";
    }

    /** Synthesis requests received so far, faulty or not. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private byte[] body(short[] samples) {
        if (settings.format() == Format.WAV) {
            return new PcmAudio(settings.sampleRate(), samples).toWav();
        }
        ByteBuffer out = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        out.asShortBuffer().put(samples);
        return out.array();
    }

    private String contentType() {
        return settings.format() == Format.WAV ? "audio/wav" : "audio/pcm;rate=" + settings.sampleRate();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = request.uri().split("\\?", 2)[0];
            if (!path.equals("/tts")) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "no such path " + path);
                return;
            }
            if (!request.method().equals(HttpMethod.POST)) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST");
                return;
            }
            requests.incrementAndGet();
            JsonNode body;
            try {
                body = json.readTree(request.content().toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "body is not JSON");
                return;
            }
            String text = body == null ? "" : body.path("text").asText("");
            double speed = body == null ? 1 : body.path("speed").asDouble(1);
            if (text.isBlank() || !(speed > 0)) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "need text and a positive speed");
                return;
            }
            ctx.executor().schedule(() -> answer(ctx, keepAlive, text, speed),
                    settings.latency().toNanos(), TimeUnit.NANOSECONDS);
        }

        private void answer(ChannelHandlerContext ctx, boolean keepAlive, String text, double speed) {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (settings.fault() == Fault.STATUS_500) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "simulated failure");
                return;
            }
            // the same duration renders the same body: under load the fake must cost less than the robot
            double seconds = speechSeconds(text, speed);
            byte[] audio = rendered.size() < 512
                    ? rendered.computeIfAbsent(seconds, d -> body(SpeechLikeSignal.render(d, settings.sampleRate())))
                    : body(SpeechLikeSignal.render(seconds, settings.sampleRate()));
            if (settings.fault() == Fault.TRUNCATED_BODY) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType())
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, audio.length);
                ctx.write(head);
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(audio, 0, audio.length / 2)))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            HttpReplies.send(ctx, keepAlive, HttpResponseStatus.OK, contentType(), audio);
        }
    }
}
