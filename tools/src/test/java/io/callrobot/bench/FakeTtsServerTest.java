package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import io.callrobot.media.PcmAudio;
import io.callrobot.vad.EnergyVad;
import io.callrobot.vad.VadConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class FakeTtsServerTest {

    private final OkHttpClient client = new OkHttpClient();

    private static FakeTtsServer.Settings fast() {
        return FakeTtsServer.Settings.defaults().withLatency(Duration.ofMillis(10));
    }

    private Response synthesize(FakeTtsServer server, String json) throws IOException {
        return client.newCall(new Request.Builder().url(server.url())
                .post(RequestBody.create(json, MediaType.get("application/json"))).build()).execute();
    }

    @Test
    void answersWavWhoseLengthFollowsTheTextAndWhichIsClearlySpeechLike() throws Exception {
        try (FakeTtsServer server = new FakeTtsServer(fast()).start();
             Response response = synthesize(server,
                     "{\"text\":\"您好，请问是张先生吗\",\"voice\":\"xiaoyun\",\"emotion\":\"neutral\",\"speed\":1.0}")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("audio/wav");
            PcmAudio audio = PcmAudio.fromWav(response.body().bytes());
            assertThat(audio.sampleRate()).isEqualTo(16000);
            // 9 Han characters and one "，": 9 × 0.18 + 0.06 s
            assertThat(audio.seconds()).isCloseTo(1.68, offset(0.001));
            EnergyVad vad = new EnergyVad(16000, 320, VadConfig.defaults());
            int voicedFrames = 0;
            for (int pos = 0; pos + 320 <= audio.samples().length; pos += 320) {
                vad.process(audio.samples(), pos, 320);
                if (vad.lastLevelDbfs() > -30) {
                    voicedFrames++;
                }
            }
            assertThat(voicedFrames).isGreaterThan(audio.samples().length / 320 * 8 / 10);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void speedShortensTheAudioAndPcmFormatIsBareSamples() throws Exception {
        FakeTtsServer.Settings pcm = fast().withFormat(FakeTtsServer.Format.PCM);
        try (FakeTtsServer server = new FakeTtsServer(pcm).start();
             Response response = synthesize(server, "{\"text\":\"Hello there\",\"speed\":2}")) {
            assertThat(response.header("Content-Type")).isEqualTo("audio/pcm;rate=16000");
            byte[] body = response.body().bytes();
            // 10 latin characters × 0.06 s / 2
            assertThat(body.length).isEqualTo(16000 * 2 * 3 / 10);
            short first = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getShort(200);
            assertThat(first).isNotZero();
        }
        assertThat(FakeTtsServer.speechSeconds("好 ok", 1)).isCloseTo(0.30, offset(1e-9));
    }

    @Test
    void status500AndTruncatedBodyFaults() throws Exception {
        try (FakeTtsServer server = new FakeTtsServer(fast().withFault(FakeTtsServer.Fault.STATUS_500)).start();
             Response response = synthesize(server, "{\"text\":\"你好\"}")) {
            assertThat(response.code()).isEqualTo(500);
        }
        try (FakeTtsServer server = new FakeTtsServer(fast().withFault(FakeTtsServer.Fault.TRUNCATED_BODY)).start();
             Response response = synthesize(server, "{\"text\":\"你好\"}")) {
            assertThat(response.code()).isEqualTo(200);
            assertThatThrownBy(() -> response.body().bytes()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void rejectsMissingTextAndBadJson() throws Exception {
        try (FakeTtsServer server = new FakeTtsServer(fast()).start()) {
            try (Response response = synthesize(server, "{\"voice\":\"x\"}")) {
                assertThat(response.code()).isEqualTo(400);
            }
            try (Response response = synthesize(server, "not json")) {
                assertThat(response.code()).isEqualTo(400);
            }
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void streamedWavIsChunkedWithUnknownSizesAndPacedInRealTime() throws Exception {
        try (FakeTtsServer server = new FakeTtsServer(fast().streamed(3.0)).start();
             Response response = synthesize(server, "{\"text\":\"您好，请问是张先生吗\",\"speed\":1.0}")) {
            assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
            long start = System.nanoTime();
            byte[] wav = response.body().bytes();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(header.getInt(4)).as("RIFF size not known yet").isEqualTo(-1);
            assertThat(header.getInt(40)).as("data size not known yet").isEqualTo(-1);
            // 1.68 s of audio at 3x real time: about 560 ms from the first block to the last
            assertThat(elapsedMillis).isBetween(450L, 5000L);
            assertThat(wav.length - 44).isEqualTo((int) Math.round(1.68 * 16000) * 2);
            // the server notes the answer's last byte after writing it: the client may have read it first
            await().atMost(Duration.ofSeconds(5)).until(() -> server.lastBytesSent().containsKey("您好，请问是张先生吗"));
        }
    }
}
