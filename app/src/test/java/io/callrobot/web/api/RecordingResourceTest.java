package io.callrobot.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.CallRecordJson;
import io.callrobot.ops.OpsHttpServer;
import io.callrobot.recording.RecordingInfo;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.Store;
import io.callrobot.store.StoreConfig;
import io.callrobot.web.ApiAccess;
import io.callrobot.web.ApiDispatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/calls/{uuid}/recording} over real HTTP: whole, ranges, and every 404. */
class RecordingResourceTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private Store store;
    private OpsHttpServer server;
    private String base;
    private byte[] audio;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(StoreConfig.embedded(dir.resolve("db")), Clock.systemUTC());
        Path recordings = dir.resolve("recordings");
        server = ApiTestServer.start(new ApiDispatcher(CampaignApi.routes(store, Set::of, () -> { }, recordings),
                        new ApiAccess(Optional.empty()), new ObjectMapper(), handlers));
        base = "http://127.0.0.1:" + server.port();
        // 300 KB: bigger than one chunk of the dispatcher, so ranges and the whole file stream
        audio = new byte[300_000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i * 31 + i / 7);
        }
        Path file = recordings.resolve("2026/12/03/call-1.opus");
        Files.createDirectories(file.getParent());
        Files.write(file, audio);
        save("call-1", new RecordingInfo(file.toString(), "opus", 180_000, 120, audio.length));
        save("call-2", null);
        save("call-3", new RecordingInfo(recordings.resolve("2026/12/03/call-3.wav").toString(), "wav", 1000, 0, 44));
        Path outside = dir.resolve("elsewhere.wav");
        Files.write(outside, new byte[44]);
        save("call-4", new RecordingInfo(outside.toString(), "wav", 1000, 0, 44));
    }

    @AfterEach
    void stop() {
        server.close();
        handlers.close();
        store.close();
    }

    private void save(String uuid, RecordingInfo recording) throws Exception {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        CallRecord record = new CallRecord(uuid, "inbound", "*1234", "9000", "f", Map.of(), now, now, now,
                "NORMAL_CLEARING", "done", null, List.of(), List.of(), null, null, null, null, recording);
        store.callRecords().save(new CallRecordRow(uuid, null, null, "inbound", "*1234", "9000", "f", now, now, now,
                0, "done", "NORMAL_CLEARING", new CallRecordJson().write(record), ""));
    }

    private HttpResponse<byte[]> get(String uuid, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/calls/" + uuid + "/recording"));
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theWholeRecordingComesWithItsTypeAndLength() throws Exception {
        HttpResponse<byte[]> r = get("call-1", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("audio/ogg");
        assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(r.headers().firstValue("Content-Length")).contains("300000");
        assertThat(r.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(r.body()).isEqualTo(audio);
    }

    @Test
    void aRangeComesAs206WithItsBytesAndContentRange() throws Exception {
        HttpResponse<byte[]> r = get("call-1", "bytes=100000-250000");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes 100000-250000/300000");
        assertThat(r.headers().firstValue("Content-Length")).contains("150001");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(audio, 100000, 250001));

        HttpResponse<byte[]> tail = get("call-1", "bytes=-10");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range")).contains("bytes 299990-299999/300000");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(audio, 299990, 300000));

        HttpResponse<byte[]> open = get("call-1", "bytes=299000-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(audio, 299000, 300000));
    }

    @Test
    void aRangePastTheEndIs416NamingTheLength() throws Exception {
        HttpResponse<byte[]> r = get("call-1", "bytes=300000-");
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes */300000");
    }

    @Test
    void severalRangesGetTheWholeFile() throws Exception {
        HttpResponse<byte[]> r = get("call-1", "bytes=0-1,5-6");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(audio);
    }

    @Test
    void aMissingCallRecordingOrFileIs404WithAReason() throws Exception {
        assertThat(get("nobody", null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(new String(r.body())).contains("no call nobody");
        });
        assertThat(get("call-2", null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(new String(r.body())).contains("was not recorded");
        });
        assertThat(get("call-3", null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(new String(r.body())).contains("no longer on disk");
        });
        assertThat(get("call-4", null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(new String(r.body())).contains("outside recording.dir");
        });
    }
}
