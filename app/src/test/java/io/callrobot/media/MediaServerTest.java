package io.callrobot.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real UDP over loopback; a plain socket plays FreeSWITCH's side of unicast. */
class MediaServerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final BlockingQueue<short[]> heardFromCaller = new LinkedBlockingQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void sendsExactlyOneFrameOfTheRightSizePerFrameTime() throws Exception {
        MediaServer server = server(4, false);
        CallMedia call = open(server, 8000, MediaCodec.L16);
        DatagramSocket freeswitch = freeswitchSocket(call);
        List<String> events = new ArrayList<>();
        call.playout().setListener(recording(events));

        short[] speech = ramp(3 * 160 + 80);
        call.playout().write(1, "hello", speech, 0, speech.length);
        call.playout().endTurn(1);
        frameTime(server); // nothing is sent before startSending
        call.startSending(new InetSocketAddress(LOOPBACK, call.freeswitchPort()));
        for (int i = 0; i < 6; i++) {
            frameTime(server);
        }

        short[] received = new short[0];
        for (int i = 0; i < 4; i++) {
            byte[] datagram = receive(freeswitch);
            assertThat(datagram).hasSize(320);
            received = concat(received, l16(datagram));
        }
        assertThat(Arrays.copyOf(received, speech.length)).containsExactly(speech);
        assertThat(Arrays.copyOfRange(received, speech.length, received.length)).containsOnly((short) 0);
        assertThat(call.stats().framesOut()).isEqualTo(4);
        assertThat(events).containsExactly("first 1", "played 1 hello");
    }

    @Test
    void audioReachingAnIdleCallLeavesAtTheNextSlotThenOncePerFrameTime() throws Exception {
        MediaServer server = server(4, false);
        CallMedia call = open(server, 8000, MediaCodec.L16);
        DatagramSocket freeswitch = freeswitchSocket(call);
        call.startSending(new InetSocketAddress(LOOPBACK, call.freeswitchPort()));
        List<Long> firstFrameSlots = new ArrayList<>();
        call.playout().setListener(new PlayoutListener() {
            @Override
            public void onFirstFrame(int turnId, long nanoTime) {
                firstFrameSlots.add(server.pacerStats().ticks());
            }
        });
        frameTime(server);
        slots(server, 7); // idle, off the phase the call registered on

        short[] speech = filled(3 * 160, (short) 77);
        call.playout().write(1, "hi", speech, 0, speech.length);
        call.playout().endTurn(1);
        slots(server, 1);
        assertThat(call.stats().framesOut()).isEqualTo(1);
        assertThat(firstFrameSlots).containsExactly(27L); // the slot right after the write (slots 0..26 ran idle)
        slots(server, server.pacer().slotsPerFrame() - 1);
        assertThat(call.stats().framesOut()).isEqualTo(1);
        slots(server, 1);
        assertThat(call.stats().framesOut()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(l16(receive(freeswitch))).containsOnly((short) 77);
        }
    }

    @Test
    void anInterruptedTurnEndsWithOneFadedFrameAndNothingAfter() throws Exception {
        MediaServer server = server(4, false);
        CallMedia call = open(server, 8000, MediaCodec.L16);
        DatagramSocket freeswitch = freeswitchSocket(call);
        call.startSending(new InetSocketAddress(LOOPBACK, call.freeswitchPort()));
        short[] first = filled(50 * 160, (short) 1111);
        call.playout().write(1, "a long answer", first, 0, first.length);
        for (int i = 0; i < 3; i++) {
            frameTime(server);
        }

        Heard heard = call.playout().interrupt(1);
        frameTime(server);
        frameTime(server);
        short[] marker = filled(160, (short) 2222);
        call.playout().write(2, "next", marker, 0, marker.length);
        call.playout().endTurn(2);
        frameTime(server);

        assertThat(heard.turnId()).isEqualTo(1);
        assertThat(heard.interrupted()).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(l16(receive(freeswitch))).containsOnly((short) 1111);
        }
        short[] cut = l16(receive(freeswitch)); // the next frame time: the cut, faded to silence
        int fade = 8000 * PlayoutQueue.CUT_FADE_MILLIS / 1000;
        assertThat(cut[0]).isBetween((short) 1000, (short) 1111);
        for (int i = 1; i < fade; i++) {
            assertThat(cut[i]).isLessThanOrEqualTo(cut[i - 1]);
        }
        assertThat(cut[fade - 1]).isLessThan((short) 10);
        assertThat(Arrays.copyOfRange(cut, fade, cut.length)).containsOnly((short) 0);
        assertThat(l16(receive(freeswitch))).containsOnly((short) 2222);
        assertThat(call.stats().framesOut()).isEqualTo(5);
    }

    @Test
    void pacerThreadPlaysATurnAndStopsWithinOneFrameOfAnInterrupt() throws Exception {
        MediaServer server = server(4, true);
        CallMedia call = open(server, 16000, MediaCodec.L16);
        DatagramSocket freeswitch = freeswitchSocket(call);
        CountDownLatch played = new CountDownLatch(1);
        call.playout().setListener(new PlayoutListener() {
            @Override
            public void onTurnPlayed(int turnId, String heardText) {
                played.countDown();
            }
        });
        call.startSending(new InetSocketAddress(LOOPBACK, call.freeswitchPort()));

        short[] shortTurn = filled(10 * 320, (short) 5);
        call.playout().write(1, "short", shortTurn, 0, shortTurn.length);
        call.playout().endTurn(1);
        assertThat(played.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(receive(freeswitch)).hasSize(640);
        }

        short[] longTurn = filled(500 * 320, (short) 6);
        call.playout().write(2, "long", longTurn, 0, longTurn.length);
        await("some frames of turn 2 are out").until(() -> call.stats().framesOut() >= 13);
        call.playout().interrupt(2);
        long framesAtInterrupt = call.stats().framesOut();
        long ticksAtInterrupt = server.pacerStats().ticks();
        long fiveFrameTimes = 5L * server.pacer().slotsPerFrame();
        await("five more frame times").until(() -> server.pacerStats().ticks() >= ticksAtInterrupt + fiveFrameTimes);

        // at most a frame taken before the interrupt but counted after it, plus the fade-out frame
        assertThat(call.stats().framesOut() - framesAtInterrupt).isLessThanOrEqualTo(2);
        assertThat(server.pacerStats().calls()).isEqualTo(1);
    }

    @Test
    void deliversCallerAudioAndSurvivesBadDatagrams() throws Exception {
        MediaServer server = server(4, false);
        CallMedia call = open(server, 8000, MediaCodec.L16);
        DatagramSocket freeswitch = freeswitchSocket(call);
        call.startSending(new InetSocketAddress(LOOPBACK, call.freeswitchPort()));
        InetSocketAddress robot = new InetSocketAddress(LOOPBACK, call.robotPort());

        send(freeswitch, robot, le(ramp(160)));
        byte[] comfortNoise = new byte[320];
        Arrays.fill(comfortNoise, (byte) 0xff);
        send(freeswitch, robot, comfortNoise);
        send(freeswitch, robot, new byte[321]);
        send(freeswitch, robot, new byte[0]);
        send(freeswitch, robot, new byte[9000]);
        try (DatagramSocket stranger = new DatagramSocket(0, LOOPBACK)) {
            send(stranger, robot, le(filled(160, (short) 9)));
        }
        send(freeswitch, robot, le(filled(160, (short) 42)));

        assertThat(heardFromCaller.poll(10, TimeUnit.SECONDS)).containsExactly(ramp(160));
        assertThat(heardFromCaller.poll(10, TimeUnit.SECONDS)).hasSize(160).containsOnly((short) 0);
        assertThat(heardFromCaller.poll(10, TimeUnit.SECONDS)).hasSize(160);
        assertThat(heardFromCaller.poll(10, TimeUnit.SECONDS)).hasSize(InboundDecoder.MAX_DATAGRAM / 2);
        assertThat(heardFromCaller.poll(10, TimeUnit.SECONDS)).containsOnly((short) 42);
        await("all datagrams counted").until(() -> call.stats().packetsIn() == 6);
        MediaStats stats = call.stats();
        assertThat(stats.malformedIn()).isEqualTo(3);
        assertThat(stats.comfortNoiseIn()).isEqualTo(1);
        assertThat(stats.foreignIn()).isEqualTo(1);
        assertThat(stats.lastPacketInNanos()).isPositive();
    }

    @Test
    void listenerFailureDoesNotStopTheReceiver() throws Exception {
        MediaServer server = server(4, false);
        BlockingQueue<Integer> lengths = new LinkedBlockingQueue<>();
        CallMedia call = server.open("call", 8000, MediaCodec.PCMU, (samples, length) -> {
            lengths.add(length);
            throw new IllegalStateException("listener bug");
        });
        resources.add(call);
        DatagramSocket freeswitch = freeswitchSocket(call);
        InetSocketAddress robot = new InetSocketAddress(LOOPBACK, call.robotPort());
        send(freeswitch, robot, new byte[160]);
        send(freeswitch, robot, new byte[160]);
        assertThat(lengths.poll(10, TimeUnit.SECONDS)).isEqualTo(160);
        assertThat(lengths.poll(10, TimeUnit.SECONDS)).isEqualTo(160);
    }

    @Test
    void nativePcmuFramesAreEncodedOneBytePerSample() throws Exception {
        MediaServer server = server(4, false);
        CallMedia call = open(server, 8000, MediaCodec.PCMU);
        DatagramSocket freeswitch = freeswitchSocket(call);
        call.startSending(new InetSocketAddress(LOOPBACK, call.freeswitchPort()));
        short[] silence = new short[160];
        call.playout().write(1, "", silence, 0, silence.length);
        call.playout().endTurn(1);
        frameTime(server);
        byte[] datagram = receive(freeswitch);
        assertThat(datagram).hasSize(160);
        assertThat(datagram[0]).isEqualTo((byte) 0xff);
    }

    @Test
    void portPairsAreFreedReusedAndExhaustionIsAClearError() throws Exception {
        MediaServer server = server(2, false);
        CallMedia a = open(server, 8000, MediaCodec.L16);
        CallMedia b = open(server, 8000, MediaCodec.L16);
        assertThat(server.portsInUse()).isEqualTo(2);
        assertThat(b.robotPort() % 2).isZero();
        assertThat(b.freeswitchPort()).isEqualTo(b.robotPort() + 1);
        assertThatThrownBy(() -> server.open("third", 8000, MediaCodec.L16, (s, n) -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("in use");

        a.close();
        a.close();
        assertThat(server.portsInUse()).isEqualTo(1);
        CallMedia c = open(server, 8000, MediaCodec.L16);
        assertThat(c.robotPort()).isEqualTo(a.robotPort());
        assertThat(server.pacerStats().calls()).isEqualTo(2);

        server.close();
        assertThat(server.portsInUse()).isZero();
        assertThat(server.pacerStats().calls()).isZero();
    }

    @Test
    void skipsAPairWhosePortIsTaken() throws Exception {
        MediaConfig config = randomRange(3);
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(LOOPBACK, config.portMin()))) {
            MediaServer server = new MediaServer(config, false);
            resources.add(server);
            server.start();
            CallMedia call = open(server, 8000, MediaCodec.L16);
            assertThat(call.robotPort()).isNotEqualTo(squatter.getLocalPort());
            assertThat(server.portsInUse()).isEqualTo(1);
        }
    }

    @Test
    void rejectsCodecRateMismatch() throws Exception {
        MediaServer server = server(2, false);
        assertThatThrownBy(() -> server.open("x", 16000, MediaCodec.PCMA, (s, n) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.portsInUse()).isZero();
    }

    /** Runs one frame time of the manual pacer clock. */
    private static void frameTime(MediaServer server) {
        slots(server, server.pacer().slotsPerFrame());
    }

    private static void slots(MediaServer server, int n) {
        for (int i = 0; i < n; i++) {
            server.pacer().tick(System.nanoTime());
        }
    }

    private MediaServer server(int pairs, boolean pacerThread) throws IOException {
        MediaServer server = new MediaServer(randomRange(pairs), pacerThread);
        resources.add(server);
        server.start();
        return server;
    }

    /** A range unlikely to collide with other builds on the same machine; taken ports are skipped anyway. */
    private static MediaConfig randomRange(int pairs) {
        int first = 30000 + 2 * ThreadLocalRandom.current().nextInt(10000);
        return new MediaConfig("127.0.0.1", first, first + 2 * pairs - 1, 20, 30);
    }

    private CallMedia open(MediaServer server, int rate, MediaCodec codec) throws IOException {
        CallMedia call = server.open("call-" + resources.size(), rate, codec,
                (samples, length) -> heardFromCaller.add(Arrays.copyOf(samples, length)));
        resources.add(call);
        return call;
    }

    private DatagramSocket freeswitchSocket(CallMedia call) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, call.freeswitchPort()));
        socket.setSoTimeout(10_000);
        resources.add(socket);
        return socket;
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[10_000], 10_000);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram within 10 s", e);
        }
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static void send(DatagramSocket socket, InetSocketAddress to, byte[] payload) throws IOException {
        socket.send(new DatagramPacket(payload, payload.length, to));
    }

    private static PlayoutListener recording(List<String> events) {
        return new PlayoutListener() {
            @Override
            public void onFirstFrame(int turnId, long nanoTime) {
                events.add("first " + turnId);
            }

            @Override
            public void onTurnPlayed(int turnId, String heardText) {
                events.add("played " + turnId + " " + heardText);
            }
        };
    }

    private static short[] l16(byte[] datagram) {
        short[] samples = new short[datagram.length / 2];
        ByteBuffer.wrap(datagram).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    private static byte[] le(short[] samples) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(samples);
        return bytes.array();
    }

    private static short[] ramp(int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (i * 37 - 5000);
        }
        return s;
    }

    private static short[] filled(int n, short value) {
        short[] s = new short[n];
        Arrays.fill(s, value);
        return s;
    }

    private static short[] concat(short[] a, short[] b) {
        short[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
