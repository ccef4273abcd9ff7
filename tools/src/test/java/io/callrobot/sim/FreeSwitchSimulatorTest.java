package io.callrobot.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.media.PcmAudio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator against a minimal robot: a raw ESL server socket and a UDP socket. */
class FreeSwitchSimulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ServerSocket robot;
    private FreeSwitchSimulator simulator;

    @BeforeEach
    void open() throws IOException {
        robot = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        simulator = new FreeSwitchSimulator();
    }

    @AfterEach
    void close() throws IOException {
        simulator.close();
        robot.close();
    }

    /** Places a call while a robot thread accepts it, sends connect and reads the channel data. */
    private Placed place(SimCallSpec spec) throws Exception {
        CompletableFuture<RobotSide> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                Socket socket = robot.accept();
                socket.setSoTimeout(10_000);
                RobotSide side = new RobotSide(socket);
                side.send("connect");
                side.channelData = side.readFrame();
                return side;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        SimulatedCall call = simulator.place(spec);
        return new Placed(call, accepted.get(10, TimeUnit.SECONDS));
    }

    private SimCallSpec spec() {
        return SimCallSpec.inbound("127.0.0.1", robot.getLocalPort()).withVariable("customer_name", "张三");
    }

    @Test
    void channelDataLooksLikeFreeSwitch() throws Exception {
        Placed p = place(spec());
        Frame data = p.robot.channelData;
        assertThat(data.headers).containsEntry("Content-Type", "command/reply")
                .containsEntry("Reply-Text", "%2BOK%0A")
                .containsEntry("Socket-Mode", "async")
                .containsEntry("Control", "full")
                .containsEntry("Unique-ID", p.call.uuid())
                .containsEntry("Call-Direction", "inbound")
                .containsEntry("Answer-State", "ringing")
                .containsEntry("Caller-Caller-ID-Number", "13800000000")
                .containsEntry("Caller-Destination-Number", "4000")
                .containsEntry("Channel-Read-Codec-Name", "PCMU")
                .containsEntry("Channel-Read-Codec-Rate", "8000")
                .containsEntry("variable_read_rate", "8000")
                .containsEntry("variable_customer_name", "%E5%BC%A0%E4%B8%89");
        assertThat(p.call.commands()).extracting(SimCommand::command).containsExactly("connect");
    }

    @Test
    void answersCommandsLikeModEventSocket() throws Exception {
        Placed p = place(spec());
        RobotSide r = p.robot;
        assertThat(r.command("myevents").headers).containsEntry("Reply-Text", "+OK Events Enabled");
        assertThat(r.command("linger 5").headers).containsEntry("Reply-Text", "+OK will linger 5 seconds");
        assertThat(r.command("nolinger").headers).containsEntry("Reply-Text", "+OK will not linger");
        assertThat(r.command("bogus").headers).containsEntry("Reply-Text", "-ERR command not found");
        Frame api = r.command("api status");
        assertThat(api.headers).containsEntry("Content-Type", "api/response");
        assertThat(api.body).isEqualTo("-ERR status Command not found!\n");
        assertThat(r.command("api uuid_exists " + p.call.uuid()).body).isEqualTo("true");
        assertThat(r.command("api uuid_break nobody").body).isEqualTo("-ERR No such channel!\n");

        assertThat(r.command("sendmsg\ncall-command: execute\nexecute-app-name: answer").headers)
                .containsEntry("Reply-Text", "+OK");
        assertThat(r.eventNames(3)).containsExactly("CHANNEL_EXECUTE", "CHANNEL_ANSWER", "CHANNEL_EXECUTE_COMPLETE");
        assertThat(p.call.isAnswered()).isTrue();

        p.call.pressDtmf('5');
        Frame dtmf = r.readFrame();
        Map<String, String> dtmfHeaders = plainHeaders(dtmf.body);
        assertThat(dtmfHeaders).containsEntry("Event-Name", "DTMF").containsEntry("DTMF-Digit", "5")
                .containsEntry("Unique-ID", p.call.uuid()).containsKey("DTMF-Duration");
        assertThat(dtmfHeaders.keySet()).noneMatch(k -> k.startsWith("variable_"));

        assertThat(r.command("sendmsg\ncall-command: hangup\nhangup-cause: USER_BUSY").headers)
                .containsEntry("Reply-Text", "+OK");
        Frame hangup = r.readFrame();
        assertThat(plainHeaders(hangup.body)).containsEntry("Event-Name", "CHANNEL_HANGUP").containsEntry("Hangup-Cause", "USER_BUSY");
        Frame notice = r.readFrame();
        assertThat(notice.headers).containsEntry("Content-Type", "text/disconnect-notice")
                .containsEntry("Content-Disposition", "disconnect");
        assertThat(r.atEndOfStream()).isTrue();
        assertThat(p.call.awaitHangup(WAIT)).isEqualTo("USER_BUSY");
        assertThat(p.call.commands()).extracting(SimCommand::command).contains("sendmsg", "api status");
    }

    @Test
    void lingerSendsHangupCompleteBeforeTheNoticeAndJsonEvents() throws Exception {
        Placed p = place(spec());
        RobotSide r = p.robot;
        r.command("myevents json");
        r.command("linger 30");
        p.call.hangup("NORMAL_CLEARING");
        ObjectMapper json = new ObjectMapper();
        Frame first = r.readFrame();
        assertThat(first.headers).containsEntry("Content-Type", "text/event-json");
        JsonNode hangup = json.readTree(first.body);
        assertThat(hangup.get("Event-Name").asText()).isEqualTo("CHANNEL_HANGUP");
        assertThat(hangup.get("variable_customer_name").asText()).isEqualTo("张三");
        assertThat(json.readTree(r.readFrame().body).get("Event-Name").asText()).isEqualTo("CHANNEL_HANGUP_COMPLETE");
        Frame notice = r.readFrame();
        assertThat(notice.headers).containsEntry("Content-Disposition", "linger").containsEntry("Linger-Time", "30");
        r.send("exit");
        assertThat(r.readFrame().headers).containsEntry("Reply-Text", "+OK bye");
        assertThat(p.call.awaitDisconnected(WAIT)).contains("exit");
    }

    @Test
    void transferRecordsTheDestination() throws Exception {
        Placed p = place(spec());
        p.robot.command("myevents");
        p.robot.command("sendmsg\ncall-command: execute\nexecute-app-name: transfer\nexecute-app-arg: 1000 XML default");
        assertThat(p.robot.eventNames(2)).containsExactly("CHANNEL_EXECUTE", "CHANNEL_EXECUTE_COMPLETE");
        assertThat(p.call.transferredTo()).contains("1000 XML default");
    }

    @Test
    void unicastStreamsCallerAudioInRealTimeAndRecordsRobotFrames() throws Exception {
        Placed p = place(spec());
        try (DatagramChannel robotUdp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int simPort = freeUdpPort();
            int robotPort = ((InetSocketAddress) robotUdp.getLocalAddress()).getPort();
            p.call.play(tone(8000, 400));
            p.robot.command("sendmsg\ncall-command: unicast\nlocal-ip: 127.0.0.1\nlocal-port: " + simPort
                    + "\nremote-ip: 127.0.0.1\nremote-port: " + robotPort + "\ntransport: udp");
            assertThat(p.call.awaitUnicastStarted(WAIT)).isEqualTo(simPort);

            ByteBuffer buffer = ByteBuffer.allocate(8192);
            List<Long> arrivals = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            boolean voiced = false;
            while (arrivals.isEmpty() || arrivals.get(arrivals.size() - 1) - arrivals.get(0) < 1_000_000_000L) {
                buffer.clear();
                robotUdp.receive(buffer);
                arrivals.add(System.nanoTime());
                sizes.add(buffer.position());
                voiced |= buffer.getShort(0) != 0 || buffer.getShort(100) != 0;
            }
            // 1 s at one frame per 20 ms is 50 frames; bounds are generous for a loaded machine.
            assertThat(arrivals.size()).isBetween(35, 70);
            assertThat(sizes).containsOnly(320);
            assertThat(voiced).isTrue();
            assertThat(p.call.lastVoicedCallerFrameNanos()).isPositive();

            byte[] frame = new byte[320];
            for (int i = 0; i < 25; i++) {
                frame[0] = (byte) i;
                robotUdp.send(ByteBuffer.wrap(frame), new InetSocketAddress("127.0.0.1", simPort));
            }
            RobotFrame firstRobot = p.call.awaitFirstRobotAudio(WAIT);
            assertThat(firstRobot.payload()).hasSize(320);
            p.call.awaitRobotSilence(Duration.ofMillis(100), WAIT);
            assertThat(p.call.robotFrames()).hasSize(25);
            assertThat(p.call.robotAudio().samples()).hasSize(25 * 160);
            assertThat(p.call.robotFrameTiming().frames()).isEqualTo(25);
        }
    }

    @Test
    void withoutCaptureTheRobotsFramesAreCountedAndTimedButNotKept() throws Exception {
        simulator.close();
        simulator = new FreeSwitchSimulator(ReceiveSettings.statisticsOnly(Duration.ofMillis(60)));
        Placed p = place(spec());
        try (DatagramChannel robotUdp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int simPort = freeUdpPort();
            p.robot.command("sendmsg\ncall-command: unicast\nlocal-port: " + simPort + "\nremote-port: "
                    + ((InetSocketAddress) robotUdp.getLocalAddress()).getPort());
            p.call.awaitUnicastStarted(WAIT);
            for (int i = 0; i < 10; i++) {
                robotUdp.send(ByteBuffer.wrap(new byte[320]), new InetSocketAddress("127.0.0.1", simPort));
            }
            RobotFrame first = p.call.awaitFirstRobotAudio(WAIT);
            assertThat(first.payload()).isEmpty();
            p.call.awaitRobotAudioAfter(9, WAIT);
            assertThat(p.call.robotFrameTiming().frames()).isEqualTo(10);
            assertThat(p.call.robotFrameArrivals(0)).hasSize(10).startsWith(first.arrivalNanos());
            assertThat(p.call.robotFrameArrival(9)).isGreaterThanOrEqualTo(first.arrivalNanos());
            org.assertj.core.api.Assertions.assertThatThrownBy(p.call::robotFrames)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not captured");
        }
    }

    @Test
    void nativeFlagSendsPcmuFrames() throws Exception {
        Placed p = place(spec());
        try (DatagramChannel robotUdp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int robotPort = ((InetSocketAddress) robotUdp.getLocalAddress()).getPort();
            p.robot.command("sendmsg\ncall-command: unicast\nlocal-port: " + freeUdpPort()
                    + "\nremote-port: " + robotPort + "\nflags: native");
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            robotUdp.receive(buffer);
            assertThat(buffer.position()).isEqualTo(160);
            assertThat(buffer.get(0)).isEqualTo((byte) 0xFF); // µ-law silence
        }
    }

    @Test
    void muLawRoundTripsWithinQuantisationError() {
        for (int s = -32768; s <= 32767; s += 97) {
            short decoded = MuLaw.decode(MuLaw.encode((short) s));
            assertThat(Math.abs(decoded - s)).as("sample %d", s).isLessThanOrEqualTo(Math.max(8, Math.abs(s) / 16));
        }
    }

    private static PcmAudio tone(int rate, int millis) {
        short[] samples = new short[rate * millis / 1000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        return new PcmAudio(rate, samples);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static Map<String, String> plainHeaders(String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return headers;
    }

    private record Placed(SimulatedCall call, RobotSide robot) {
    }

    private record Frame(Map<String, String> headers, String body) {
    }

    /** The robot's end of the ESL socket, reading frames with a 10 s deadline per read. */
    private static final class RobotSide {
        private final InputStream in;
        private final OutputStream out;
        Frame channelData;

        RobotSide(Socket socket) throws IOException {
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void send(String command) throws IOException {
            out.write((command + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        Frame command(String command) throws IOException {
            send(command);
            return readFrame();
        }

        List<String> eventNames(int count) throws IOException {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(plainHeaders(readFrame().body).get("Event-Name"));
            }
            return names;
        }

        Frame readFrame() throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            String line;
            while (!(line = readLine()).isEmpty()) {
                int colon = line.indexOf(": ");
                headers.put(line.substring(0, colon), line.substring(colon + 2));
            }
            String length = headers.get("Content-Length");
            String body = length == null ? "" : new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
            return new Frame(headers, body);
        }

        boolean atEndOfStream() throws IOException {
            return in.read() < 0;
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("end of stream");
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8);
        }
    }
}
