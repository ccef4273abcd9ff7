package io.callrobot.cli;

import static io.callrobot.cli.CallEndToEndTest.CUSTOMER;
import static io.callrobot.cli.CallEndToEndTest.QUIET;
import static io.callrobot.cli.CallEndToEndTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callrobot.ops.CallRecord;
import io.callrobot.recording.RecordingInfo;
import io.callrobot.sim.SimulatedCall;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated call with recording on: the file holds the caller on the left and the robot on the
 * right, the call record names it and the API serves it; a campaign that says no leaves no file.
 */
class RecordingEndToEndTest {

    @TempDir
    Path dir;

    private Rig rig(String format) throws Exception {
        Map<String, String> env = new HashMap<>(Rig.ENERGY_VAD);
        env.put("CALLROBOT_RECORDING_ENABLED", "true");
        env.put("CALLROBOT_RECORDING_DIR", dir.toString());
        env.put("CALLROBOT_RECORDING_FORMAT", format);
        return new Rig(io.callrobot.bench.FakeLlmServer.Settings.defaults(),
                io.callrobot.bench.FakeTtsServer.Settings.defaults(),
                io.callrobot.bench.FakeFunAsrServer.Settings.defaults(), env);
    }

    @Test
    void theCallerIsOnTheLeftTheRobotOnTheRightAndTheFileIsServed() throws Exception {
        try (Rig rig = rig("wav")) {
            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            call.play(Rig.utterance(2.0));
            call.awaitCallerAudioSent(WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());

            RecordingInfo recording = record.recording();
            assertThat(recording).isNotNull();
            String day = DateTimeFormatter.ofPattern("yyyy/MM/dd").format(record.connectedAt().atZone(ZoneOffset.UTC));
            assertThat(Path.of(recording.path())).isEqualTo(dir.resolve(day).resolve(call.uuid() + ".wav"));
            assertThat(recording.format()).isEqualTo("wav");
            assertThat(recording.bytes()).isEqualTo(Files.size(Path.of(recording.path())));
            assertThat(recording.offsetMillis()).isBetween(0L, 5_000L);
            long callMillis = record.endedAt().toEpochMilli() - record.connectedAt().toEpochMilli();
            // frames sit on 20 ms slots and a late burst of caller frames may run a few past the clock
            assertThat(recording.durationMs()).isBetween(callMillis - recording.offsetMillis() - 1_000,
                    callMillis - recording.offsetMillis() + 200);

            double[][] energy = energyPerSecond(Files.readAllBytes(Path.of(recording.path())));
            // the greeting: seconds where only the robot is heard, on the right
            int robotSecond = firstWhere(energy, 1, 0);
            // the caller's utterance, after the greeting, on the left while the robot is silent
            int callerSecond = firstWhere(energy, 0, 1);
            assertThat(robotSecond).as("a second of robot speech").isGreaterThanOrEqualTo(0);
            assertThat(callerSecond).as("a second of caller speech").isGreaterThan(robotSecond);

            // the API serves it, whole or by range
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + rig.robot.httpPort() + "/api/calls/" + call.uuid() + "/recording");
            HttpResponse<byte[]> part = await().atMost(WAIT).until(() -> http.send(HttpRequest.newBuilder(uri)
                    .header("Range", "bytes=0-43").build(), HttpResponse.BodyHandlers.ofByteArray()),
                    r -> r.statusCode() != 404);
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.headers().firstValue("Content-Type")).contains("audio/wav");
            assertThat(part.headers().firstValue("Content-Range")).contains("bytes 0-43/" + recording.bytes());
            assertThat(new String(part.body(), 0, 4)).isEqualTo("RIFF");
        }
    }

    @Test
    void aCallWhoseCampaignSaysNoIsNotRecorded() throws Exception {
        try (Rig rig = rig("opus")) {
            Map<String, String> variables = new HashMap<>(CUSTOMER);
            variables.put("callrobot_record", "false");
            SimulatedCall call = rig.call("payment-reminder-zh", variables);
            call.awaitFirstRobotAudio(WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.recording()).isNull();
            try (Stream<Path> files = Files.walk(dir)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }

    @Test
    void anOpusRecordingIsNamedInTheStoredRecord() throws Exception {
        try (Rig rig = rig("opus")) {
            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.recording().format()).isEqualTo("opus");
            String day = DateTimeFormatter.ofPattern("yyyy/MM/dd").format(record.connectedAt().atZone(ZoneOffset.UTC));
            assertThat(Path.of(record.recording().path())).isEqualTo(dir.resolve(day).resolve(call.uuid() + ".opus"));
            byte[] head = Files.readAllBytes(Path.of(record.recording().path()));
            assertThat(new String(head, 0, 4)).isEqualTo("OggS");
            String stored = await().atMost(WAIT).until(() -> rig.robot.store().callRecords().get(call.uuid())
                    .map(r -> r.recordJson()).orElse(null), r -> r != null);
            assertThat(stored).contains("\"recording\":{\"path\":\"" + record.recording().path() + "\",\"format\":\"opus\"");
        }
    }

    /** The first second whose energy on channel {@code loud} is a hundred times that on {@code quiet}. */
    private static int firstWhere(double[][] energy, int loud, int quiet) {
        for (int s = 0; s < energy.length; s++) {
            if (energy[s][loud] > 1e6 && energy[s][loud] > 100 * energy[s][quiet]) {
                return s;
            }
        }
        return -1;
    }

    private static double[][] energyPerSecond(byte[] wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            assertThat(in.getFormat().getChannels()).isEqualTo(2);
            int rate = (int) in.getFormat().getSampleRate();
            byte[] pcm = in.readAllBytes();
            short[] samples = new short[pcm.length / 2];
            ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
            double[][] energy = new double[samples.length / 2 / rate + 1][2];
            for (int i = 0; i < samples.length; i++) {
                energy[i / 2 / rate][i % 2] += samples[i] * (double) samples[i];
            }
            return energy;
        }
    }
}
