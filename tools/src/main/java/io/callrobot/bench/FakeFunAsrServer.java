package io.callrobot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.vad.EnergyVad;
import io.callrobot.vad.VadConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FunASR runtime stand-in speaking its websocket protocol (FunASR runtime/docs/websocket_protocol.md):
 * a JSON start message, binary 16-bit PCM, {@code {"is_speaking": false}} at the end. Instead of a model it
 * runs an {@link EnergyVad} over the audio: while voiced it sends {@code 2pass-online} pieces of the next
 * transcript; once a voiced stretch is followed by {@link Settings#endSilence} of quiet it sends, after
 * {@link Settings#recognitionLatency}, the whole transcript as {@code 2pass-offline}. Transcripts come from a
 * queue, then the default. After the end flag the last message has {@code is_final: true}, as the C++
 * runtime's websocket-server-2pass.cpp does. Like it, online pieces are labelled {@code 2pass-online} in
 * {@code online} mode too and carry {@code slice_type} (0 a sentence's first piece, 1 later ones, 2 its
 * offline result) and {@code index}; in {@code online} mode no offline result ever closes a sentence, so
 * the pieces of every utterance of a session belong to one sentence (slice_type 0 only once).
 */
public final class FakeFunAsrServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FakeFunAsrServer.class);

    /**
     * @param transcripts        answers for the first utterances, in order (across connections)
     * @param defaultTranscript  answer once the queue is empty
     * @param recognitionLatency from the detected end of an utterance to its final result
     * @param endSilence         quiet needed after speech to end an utterance
     * @param partialInterval    voiced time between partial results
     * @param dropAfter          closes each connection abruptly (no close frame) this long after the
     *                           handshake; {@link Duration#ZERO} never
     */
    public record Settings(List<String> transcripts, String defaultTranscript, Duration recognitionLatency,
                           Duration endSilence, Duration partialInterval, Duration dropAfter) {

        public Settings {
            transcripts = List.copyOf(transcripts);
            if (defaultTranscript.isEmpty() || partialInterval.isZero() || partialInterval.isNegative()) {
                throw new IllegalArgumentException("need a default transcript and a positive partial interval");
            }
        }

        /** Always "我明天还款", 200 ms recognition, 500 ms end silence, partials every 300 ms, no drop. */
        public static Settings defaults() {
            return new Settings(List.of(), "我明天还款", Duration.ofMillis(200), Duration.ofMillis(500),
                    Duration.ofMillis(300), Duration.ZERO);
        }

        public Settings withTranscripts(List<String> queue) {
            return new Settings(queue, defaultTranscript, recognitionLatency, endSilence, partialInterval, dropAfter);
        }

        public Settings withRecognitionLatency(Duration d) {
            return new Settings(transcripts, defaultTranscript, d, endSilence, partialInterval, dropAfter);
        }

        public Settings withDropAfter(Duration d) {
            return new Settings(transcripts, defaultTranscript, recognitionLatency, endSilence, partialInterval, d);
        }
    }

    private final Settings settings;
    private final Queue<String> transcripts;
    private final Map<String, String> overrides = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final LoopbackServer server = new LoopbackServer("fake-funasr");
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger finals = new AtomicInteger();
    private final AtomicLong audioBytes = new AtomicLong();
    private volatile int port;

    public FakeFunAsrServer(Settings settings) {
        this.settings = settings;
        this.transcripts = new ConcurrentLinkedQueue<>(settings.transcripts());
    }

    public FakeFunAsrServer start() {
        return start(0);
    }

    public FakeFunAsrServer start(int wantedPort) {
        // any path, like the runtime; funasr_wss_client.py offers the "binary" subprotocol
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder().websocketPath("/")
                .checkStartsWith(true).subprotocols("binary").maxFramePayloadLength(1 << 20).build();
        port = server.start(wantedPort, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                        new WebSocketServerProtocolHandler(ws), new WebSocketFrameAggregator(1 << 20), new Session());
            }
        });
        return this;
    }

    /**
     * Until cleared with {@code null}, every utterance of the stream named {@code wavName} is recognised as
     * {@code transcript}, ahead of the queue; {@code ""} recognises no words (a cough, a door).
     */
    public void recognizeAs(String wavName, String transcript) {
        if (transcript == null) {
            overrides.remove(wavName);
        } else {
            overrides.put(wavName, transcript);
        }
    }

    public int port() {
        return port;
    }

    /** {@code ws://127.0.0.1:<port>}. */
    public String url() {
        return "ws://127.0.0.1:" + port;
    }

    /** Queues a transcript after those already waiting; thread-safe. */
    public void addTranscript(String text) {
        transcripts.add(text);
    }

    /** Websocket sessions opened so far. */
    public int connections() {
        return connections.get();
    }

    /** Non-empty final results sent so far. */
    public int finals() {
        return finals.get();
    }

    /** Audio bytes received over all sessions. */
    public long audioBytes() {
        return audioBytes.get();
    }

    @Override
    public void close() {
        server.close();
    }

    /** One websocket session; all state lives on the connection's event loop. */
    private final class Session extends SimpleChannelInboundHandler<WebSocketFrame> {
        // websocket-server-2pass.cpp on_open: defaults until the start message says otherwise
        private String wavName = "wav-default-id";
        private String mode = "2pass";
        private int rate = 16000;
        private EnergyVad vad;
        private short[] frame;
        private int fill;
        private byte[] scratch;
        private int oddByte = -1;
        private boolean speaking;
        private int[] transcript;
        private int revealed;
        private long voicedNanos;
        /** websocket-server-2pass.cpp FUNASR_MESSAGE: sentence number and whether one is open. */
        private int sentenceIndex;
        private boolean sentenceStarted;
        /** Result messages waiting for their time, in the order they were made (the channel's event loop only). */
        private final ArrayDeque<String> outgoing = new ArrayDeque<>();
        /** Send time of the last message queued: later messages wait for it, keeping results in order. */
        private long lastSendAt = System.nanoTime();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                connections.incrementAndGet();
                if (settings.dropAfter().isPositive()) {
                    ctx.executor().schedule(() -> ctx.channel().close(), settings.dropAfter().toNanos(),
                            TimeUnit.NANOSECONDS);
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame msg) {
            if (msg instanceof TextWebSocketFrame text) {
                control(ctx, text.text());
            } else if (msg instanceof BinaryWebSocketFrame) {
                audio(ctx, msg.content());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("fake FunASR session closed: {}", cause.toString());
            ctx.close();
        }

        private void control(ChannelHandlerContext ctx, String text) {
            JsonNode m;
            try {
                m = json.readTree(text);
            } catch (IOException e) {
                ctx.close(); // the runtime drops a session whose text message is not JSON
                return;
            }
            if (m == null || !m.isObject()) {
                ctx.close();
                return;
            }
            wavName = m.path("wav_name").asText(wavName);
            mode = m.path("mode").asText(mode);
            int fs = m.path("audio_fs").asInt(rate);
            if (fs != rate || vad == null) {
                rate = fs;
                vad = null;
            }
            if (m.has("is_speaking") && !m.get("is_speaking").asBoolean(true)) {
                endOfAudio(ctx);
            }
        }

        private void audio(ChannelHandlerContext ctx, ByteBuf bytes) {
            audioBytes.addAndGet(bytes.readableBytes());
            if (vad == null) {
                vad = new EnergyVad(rate, rate / 50, new VadConfig(-40, -45, 120,
                        (int) settings.endSilence().toMillis(), 4));
                frame = new short[rate / 50];
                scratch = new byte[2 * frame.length];
                fill = 0;
            }
            while (bytes.isReadable()) {
                if (oddByte < 0 && bytes.readableBytes() >= 2) {
                    // whole samples in one copy, then 16-bit little-endian from the array
                    int samples = Math.min(bytes.readableBytes() / 2, frame.length - fill);
                    bytes.readBytes(scratch, 0, samples * 2);
                    for (int i = 0; i < samples; i++) {
                        frame[fill++] = (short) ((scratch[2 * i] & 0xFF) | scratch[2 * i + 1] << 8);
                    }
                } else {
                    int b = bytes.readUnsignedByte();
                    if (oddByte < 0) {
                        oddByte = b;
                        continue;
                    }
                    frame[fill++] = (short) (oddByte | b << 8);
                    oddByte = -1;
                }
                if (fill == frame.length) {
                    fill = 0;
                    onFrame(ctx, vad.process(frame, 0, frame.length));
                }
            }
        }

        private void onFrame(ChannelHandlerContext ctx, boolean voiced) {
            if (voiced && !speaking) {
                String next = overrides.get(wavName);
                next = next != null ? next : transcripts.poll();
                transcript = (next == null ? settings.defaultTranscript() : next).codePoints().toArray();
                revealed = 0;
                voicedNanos = 0;
            } else if (voiced) {
                voicedNanos += 20_000_000L;
                if (voicedNanos >= settings.partialInterval().toNanos()) {
                    voicedNanos = 0;
                    partial(ctx);
                }
            } else if (speaking) {
                finalResult(ctx, false);
            }
            speaking = voiced;
        }

        /** Reveals up to two more characters, keeping the last one for the final result. */
        private void partial(ChannelHandlerContext ctx) {
            if (mode.equals("offline") || revealed + 1 >= transcript.length) {
                return;
            }
            int end = Math.min(revealed + 2, transcript.length - 1);
            String piece = new String(transcript, revealed, end - revealed);
            revealed = end;
            send(ctx, 0, "2pass-online", piece, false, onlineSlice());
        }

        /** handle_result: slice_type 0 for the first online piece of a sentence, 1 after it. */
        private int onlineSlice() {
            int slice = sentenceStarted ? 1 : 0;
            sentenceStarted = true;
            return slice;
        }

        private void finalResult(ChannelHandlerContext ctx, boolean isFinal) {
            String rest = new String(transcript, revealed, transcript.length - revealed);
            String whole = new String(transcript, 0, transcript.length);
            transcript = null;
            if (whole.isEmpty() && !isFinal) {
                return; // assumed: a segment the offline model finds no words in yields no result message
            }
            finals.incrementAndGet();
            long latency = settings.recognitionLatency().toNanos();
            if (mode.equals("online")) {
                // handle_result: online mode sends no offline text; only is_final closes the sentence
                send(ctx, latency, "2pass-online", rest, isFinal, onlineSlice());
                if (isFinal) {
                    closeSentence();
                }
            } else if (mode.equals("2pass")) {
                send(ctx, latency, "2pass-offline", whole, isFinal, 2);
                closeSentence();
            } else {
                send(ctx, latency, "offline", whole, isFinal, -1);
            }
        }

        private void closeSentence() {
            sentenceIndex++;
            sentenceStarted = false;
        }

        private void endOfAudio(ChannelHandlerContext ctx) {
            if (speaking && transcript != null) {
                finalResult(ctx, true);
            } else {
                // websocket-server-2pass.cpp: an empty result at the end carries only text, wav_name, is_final
                send(ctx, settings.recognitionLatency().toNanos(), null, "", true, -1);
            }
            speaking = false;
            if (vad != null) {
                vad.reset();
            }
        }

        /**
         * Queues a result message {"mode", "wav_name", "text", "is_final", "slice_type"?, "index"?}
         * (websocket_protocol.md, server to client; slice_type and index from websocket-server-2pass.cpp
         * handle_result, -1 for none) {@code delayNanos} from now, but never before an earlier one: the
         * runtime answers in order.
         */
        private void send(ChannelHandlerContext ctx, long delayNanos, String resultMode, String text, boolean isFinal,
                          int sliceType) {
            ObjectNode m = json.createObjectNode();
            if (resultMode != null) {
                m.put("mode", resultMode);
            }
            if (sliceType >= 0) {
                m.put("slice_type", sliceType).put("index", sentenceIndex);
            }
            m.put("wav_name", wavName).put("text", text).put("is_final", isFinal);
            String payload = m.toString();
            long now = System.nanoTime();
            if (now + delayNanos - lastSendAt > 0) {
                lastSendAt = now + delayNanos;
            }
            // each timer sends the oldest queued message: two due at the same moment may fire in either order
            outgoing.add(payload);
            ctx.executor().schedule(() -> {
                String next = outgoing.poll();
                if (next != null && ctx.channel().isActive()) {
                    ctx.writeAndFlush(new TextWebSocketFrame(next));
                }
            }, lastSendAt - now, TimeUnit.NANOSECONDS);
        }
    }
}
