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
import io.netty.handler.codec.http.LastHttpContent;
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

    /** How a successful answer is sent. */
    public enum Delivery {
        /** The whole body at once, {@code latency} after the request. */
        WHOLE,
        /**
         * Chunked: {@code latency} to the first byte (headers and, for WAV, a header whose sizes are
         * 0xFFFFFFFF), then 40 ms blocks of audio at {@code pace} times real time, as streaming
         * Sambert/CosyVoice/GPT-SoVITS servers send it.
         */
        STREAM
    }

    /**
     * @param latency    from the request to the whole answer ({@link Delivery#WHOLE}) or to its first byte
     * @param sampleRate of the audio returned
     * @param pace       audio seconds sent per second when streaming
     */
    public record Settings(Duration latency, int sampleRate, Format format, Fault fault, Delivery delivery, double pace) {

        public Settings {
            if (sampleRate < 8000) {
                throw new IllegalArgumentException("sample rate too low: " + sampleRate);
            }
            if (!(pace > 0)) {
                throw new IllegalArgumentException("pace must be positive: " + pace);
            }
        }

        /** 150 ms latency, 16 kHz WAV, whole body. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(150), 16000, Format.WAV, Fault.NONE, Delivery.WHOLE, 1.0);
        }

        public Settings withLatency(Duration d) {
            return new Settings(d, sampleRate, format, fault, delivery, pace);
        }

        public Settings withFormat(Format f) {
            return new Settings(latency, sampleRate, f, fault, delivery, pace);
        }

        public Settings withFault(Fault f) {
            return new Settings(latency, sampleRate, format, f, delivery, pace);
        }

        /** Streamed at {@code pace} times real time after {@code latency} to the first byte. */
        public Settings streamed(double audioPace) {
            return new Settings(latency, sampleRate, format, fault, Delivery.STREAM, audioPace);
        }
    }

    private final Settings settings;
    private final Map<Double, byte[]> rendered = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final LoopbackServer server = new LoopbackServer("fake-tts");
    private final AtomicInteger requests = new AtomicInteger();
    /** Chunk text -> nanoTime its answer's last byte was written; bounded like {@link #rendered}. */
    private final Map<String, Long> lastByteSent = new ConcurrentHashMap<>();
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

    /** Chunk text -> {@link System#nanoTime()} when its answer was completely written (the first 512 texts). */
    public Map<String, Long> lastBytesSent() {
        return Map.copyOf(lastByteSent);
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
            if (settings.delivery() == Delivery.STREAM) {
                stream(ctx, keepAlive, text, audio);
                return;
            }
            HttpReplies.send(ctx, keepAlive, HttpResponseStatus.OK, contentType(), audio);
            sent(text);
        }

        /** Chunked transfer: the head now, then 40 ms of audio per block at the configured pace. */
        private void stream(ChannelHandlerContext ctx, boolean keepAlive, String text, byte[] audio) {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType());
            HttpUtil.setTransferEncodingChunked(head, true);
            HttpUtil.setKeepAlive(head, keepAlive);
            ctx.write(head);
            int offset = 0;
            if (settings.format() == Format.WAV) {
                // the size fields are written before the audio exists: 0xFFFFFFFF, "not known"
                byte[] header = java.util.Arrays.copyOf(audio, 44);
                ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(4, -1).putInt(40, -1);
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(header)));
                offset = 44;
            } else {
                ctx.flush();
            }
            int block = settings.sampleRate() / 25 * 2; // 40 ms
            long period = (long) (40_000_000 / settings.pace());
            sendBlocks(ctx, keepAlive, text, audio, offset, block, System.nanoTime(), period, 0);
        }

        private void sendBlocks(ChannelHandlerContext ctx, boolean keepAlive, String text, byte[] audio,
                int offset, int block, long start, long period, int index) {
            if (!ctx.channel().isActive()) {
                return;
            }
            int length = Math.min(block, audio.length - offset);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(audio, offset, length)));
            int next = offset + length;
            if (next >= audio.length) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> sent(text));
                if (!keepAlive) {
                    ctx.channel().close();
                }
                return;
            }
            // scheduled against the start, so the pace does not drift with the event loop's delays
            long due = start + (index + 1) * period - System.nanoTime();
            ctx.executor().schedule(() -> sendBlocks(ctx, keepAlive, text, audio, next, block, start, period, index + 1),
                    Math.max(0, due), TimeUnit.NANOSECONDS);
        }

        private void sent(String text) {
            if (lastByteSent.size() < 512) {
                lastByteSent.put(text, System.nanoTime());
            }
        }
    }
}
