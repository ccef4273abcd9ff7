package io.callrobot.call;

import io.callrobot.amd.AnnouncementPhrases;
import io.callrobot.asr.AsrEngine;
import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.vad.EnergyVad;
import io.callrobot.vad.VadConfig;
import io.callrobot.config.CallConfig;
import io.callrobot.config.CallRobotConfig;
import io.callrobot.dialog.FlowDialogFactory;
import io.callrobot.dialog.FlowLibrary;
import io.callrobot.esl.EslConnection;
import io.callrobot.esl.EslEvent;
import io.callrobot.esl.EslReply;
import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.media.ManualMedia;
import io.callrobot.media.MediaConfig;
import io.callrobot.media.MediaServer;
import io.callrobot.ops.CallLog;
import io.callrobot.ops.CallMetrics;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.live.LiveEvent;
import io.callrobot.time.ManualClock;
import io.callrobot.time.ManualExecutor;
import io.callrobot.tts.TextChunk;
import io.callrobot.text.TextChunker;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One {@link CallSession} with everything around it under the test's control and no waiting: a
 * manual clock, the call's executor run by the test, a pacer ticked by the test, and providers
 * whose events the test delivers (from the test's thread, as a provider's thread would). The only
 * sockets are the call's loopback UDP pair and the switch's side of it, which receives the robot's
 * frames so the test can tell what the caller heard.
 */
final class CallHarness implements AutoCloseable {

    static final int FRAME = 160; // 20 ms at 8 kHz

    final ManualClock clock = new ManualClock();
    final ManualExecutor callThread = new ManualExecutor();
    final FakeEsl esl;
    final ControlledLlm llm = new ControlledLlm();
    final ControlledTts tts = new ControlledTts();
    final ControlledAsr asr = new ControlledAsr();
    final List<CallRecord> records = new ArrayList<>();
    /** The live events the call published, in order. */
    final List<LiveEvent> live = new CopyOnWriteArrayList<>();
    private final MediaServer media;
    private final CallSession session;
    private final CallServices services;
    private boolean ended;
    private DatagramChannel switchSide;

    CallHarness() throws IOException {
        this(Map.of());
    }

    /** A call whose channel data also holds {@code channelHeaders} (e.g. {@code variable_callrobot_campaign_id}). */
    CallHarness(Map<String, String> channelHeaders) throws IOException {
        esl = new FakeEsl(channelHeaders);
        CallRobotConfig defaults = CallRobotConfig.defaults();
        int first = 20000 + 2 * ThreadLocalRandom.current().nextInt(4000);
        MediaConfig mediaConfig = new MediaConfig("127.0.0.1", first, first + 7, 20, 30);
        CallConfig c = defaults.call();
        // no caller audio flows here: the media watchdog must not end the call while the test moves the clock
        CallConfig callConfig = new CallConfig(c.maxCalls(), c.overloadCause(), c.lingerSeconds(), c.asrFinalWait(),
                Duration.ofDays(1), c.freeswitchHost(), c.advertiseHost(), c.turnEnd(), c.bargeIn());
        CallRobotConfig config = new CallRobotConfig(defaults.esl(), defaults.http(), callConfig, mediaConfig,
                defaults.dialog(), defaults.llm(), defaults.tts(), defaults.asr(), defaults.vad(), defaults.callLog(),
                defaults.nls(), defaults.store(), defaults.api(), defaults.dialer(), defaults.auth(),
                defaults.recording(), defaults.amd());
        media = ManualMedia.server(mediaConfig);
        services = new CallServices(config, media,
                new FlowDialogFactory(FlowLibrary.builtIn(), "assistant-zh", llm), asr, tts,
                rate -> new EnergyVad(rate, rate / 50, VadConfig.defaults()), () -> new TextChunker(config.tts().chunker()),
                new CallMetrics(() -> 0), new CallLog(null, records::add), clock, callThread, live::add, null,
                AnnouncementPhrases.defaults());
        session = new CallSession(services, esl, CallInfo.from(esl.channelData()), () -> ended = true);
    }

    /** Connects the call and runs its set-up: the greeting goes to TTS. */
    void start() throws IOException {
        session.start();
        run();
        int switchPort = Integer.parseInt(esl.unicast.get("local-port"));
        switchSide = DatagramChannel.open();
        switchSide.bind(new InetSocketAddress("127.0.0.1", switchPort));
        switchSide.configureBlocking(false);
    }

    /** Runs what other threads handed to the call, until nothing is left. */
    void run() {
        callThread.runAll();
    }

    void advance(long millis) {
        clock.advance(millis, TimeUnit.MILLISECONDS);
        run();
    }

    /**
     * {@code n} frame times of the pacer (20 ms each on the clock); returns the first sample of each
     * frame the switch received, in order.
     */
    List<Short> frames(int n) throws IOException {
        List<Short> received = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clock.advance(20, TimeUnit.MILLISECONDS);
            ManualMedia.frameTime(media, clock.nanoTime());
            run();
            received.addAll(drainSwitch());
        }
        return received;
    }

    /** Sends caller audio from the switch's side to the robot, one datagram per frame, as FreeSWITCH's unicast does. */
    void send(short[] pcm) throws IOException {
        int robotPort = Integer.parseInt(esl.unicast.get("remote-port"));
        ByteBuffer frame = ByteBuffer.allocate(FRAME * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + FRAME <= pcm.length; at += FRAME) {
            frame.clear();
            for (int i = 0; i < FRAME; i++) {
                frame.putShort(pcm[at + i]);
            }
            frame.flip();
            switchSide.send(frame, new InetSocketAddress("127.0.0.1", robotPort));
        }
    }

    private List<Short> drainSwitch() throws IOException {
        List<Short> firsts = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(2048).order(ByteOrder.LITTLE_ENDIAN);
        while (switchSide.receive(buffer.clear()) != null) {
            firsts.add(buffer.getShort(0));
        }
        return firsts;
    }

    /** The caller starts talking {@code millisAgo} before now, as the media thread reports it. */
    void callerSpeaks(long millisAgo) {
        session.speechStarted(clock.nanoTime() - TimeUnit.MILLISECONDS.toNanos(millisAgo));
    }

    void callerStops() {
        session.speechEnded(clock.nanoTime());
    }

    /** Within the caller's speech, the voice goes quiet now (the VAD's hangover starts). */
    void callerGoesQuiet() {
        session.voicePaused(clock.nanoTime());
    }

    /** A whole caller utterance with its final transcript. */
    void callerSays(String text) {
        callerSpeaks(300);
        callerStops();
        asr.listener.onFinal(text);
        run();
    }

    void hangup() {
        session.onEvent(new EslEvent(Map.of("Event-Name", "CHANNEL_HANGUP", "Hangup-Cause", "NORMAL_CLEARING"), ""));
        run();
    }

    boolean ended() {
        return ended;
    }

    CallSession session() {
        return session;
    }

    CallRecord record() {
        if (records.size() != 1) {
            throw new AssertionError("expected one call record, got " + records.size());
        }
        return records.getFirst();
    }

    int portsInUse() {
        return media.portsInUse();
    }

    @Override
    public void close() throws IOException {
        if (switchSide != null) {
            switchSide.close();
        }
        media.close();
    }

    /** PCM of {@code frames} frames whose every sample is {@code value}. */
    static short[] audio(int frames, int value) {
        short[] pcm = new short[frames * FRAME];
        Arrays.fill(pcm, (short) value);
        return pcm;
    }

    /** FreeSWITCH's side of the socket: every command succeeds at once. */
    static final class FakeEsl implements EslConnection {
        final List<String> commands = new ArrayList<>();
        final Map<String, String> unicast = new LinkedHashMap<>();
        boolean closed;
        private final Map<String, String> extra;

        FakeEsl(Map<String, String> extra) {
            this.extra = extra;
        }

        @Override
        public EslEvent channelData() {
            Map<String, String> headers = new LinkedHashMap<>(Map.of("Unique-ID", "call-under-test",
                    "Call-Direction", "outbound", "Answer-State", "answered", "Channel-Read-Codec-Rate", "8000",
                    "variable_robot_flow", "assistant-zh", "variable_company", "华信银行"));
            headers.putAll(extra);
            return new EslEvent(headers, "");
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 8021);
        }

        @Override
        public CompletableFuture<EslReply> command(String command) {
            return ok(command);
        }

        @Override
        public CompletableFuture<EslReply> sendmsg(Map<String, String> headers) {
            if ("unicast".equals(headers.get("call-command"))) {
                unicast.putAll(headers);
            }
            return ok("sendmsg " + headers.get("call-command"));
        }

        @Override
        public CompletableFuture<EslReply> execute(String application, String argument) {
            return ok("execute " + application + " " + argument);
        }

        @Override
        public CompletableFuture<EslReply> hangup(String cause) {
            return ok("hangup " + cause);
        }

        @Override
        public CompletableFuture<EslReply> api(String command) {
            return ok("api " + command);
        }

        @Override
        public void close() {
            closed = true;
        }

        private CompletableFuture<EslReply> ok(String command) {
            synchronized (commands) {
                commands.add(command);
            }
            return CompletableFuture.completedFuture(new EslReply("+OK"));
        }
    }

    /** An LLM whose answers the test streams by hand. */
    static final class ControlledLlm implements LlmEngine {
        final List<Stream> streams = new ArrayList<>();

        @Override
        public LlmCall stream(LlmRequest request, LlmListener listener) {
            Stream stream = new Stream(request, listener);
            streams.add(stream);
            return stream;
        }

        Stream last() {
            return streams.getLast();
        }

        static final class Stream implements LlmCall {
            final LlmRequest request;
            final LlmListener listener;
            boolean cancelled;

            Stream(LlmRequest request, LlmListener listener) {
                this.request = request;
                this.listener = listener;
            }

            void tokens(String... tokens) {
                for (String token : tokens) {
                    listener.onToken(token);
                }
            }

            void complete() {
                listener.onComplete();
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        }
    }

    /** A TTS provider whose audio the test delivers by hand, chunk by chunk. */
    static final class ControlledTts implements TtsEngine {
        final List<Stream> streams = new ArrayList<>();

        @Override
        public TtsStream open(TtsRequest request, TtsListener listener) {
            Stream stream = new Stream(listener);
            streams.add(stream);
            return stream;
        }

        Stream last() {
            return streams.getLast();
        }

        static final class Stream implements TtsStream {
            final TtsListener listener;
            final List<TextChunk> chunks = new ArrayList<>();
            boolean finished;
            boolean cancelled;

            Stream(TtsListener listener) {
                this.listener = listener;
            }

            @Override
            public void send(TextChunk chunk) {
                chunks.add(chunk);
            }

            @Override
            public void finish() {
                finished = true;
            }

            @Override
            public void cancel() {
                cancelled = true;
            }

            String text() {
                return String.join("", chunks.stream().map(TextChunk::text).toList());
            }

            /** Delivers {@code pcm} as the audio of chunk {@code index}, at 8 kHz. */
            void audio(int index, short[] pcm) {
                listener.onAudio(chunks.get(index), pcm, 8000);
            }

            void chunkDone(int index) {
                listener.onChunkDone(chunks.get(index));
            }

            /** Speaks every chunk sent so far with {@code frames} frames of {@code value}, then completes. */
            void speakAll(int frames, int value) {
                for (int i = 0; i < chunks.size(); i++) {
                    audio(i, CallHarness.audio(frames, value));
                    chunkDone(i);
                }
                listener.onComplete();
            }
        }
    }

    /** A recogniser whose results the test delivers by hand. */
    static final class ControlledAsr implements AsrEngine {
        AsrListener listener;
        boolean cancelled;

        @Override
        public AsrStream open(AsrRequest request, AsrListener listener) {
            this.listener = listener;
            return new AsrStream() {
                @Override
                public void send(short[] pcm, int offset, int length) {
                }

                @Override
                public void finish() {
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            };
        }
    }
}
