package io.callrobot.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.recording.RecordingFormat;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.Store;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * {@code GET /api/calls/{uuid}/recording}: the call's recording, whole or one byte range of it
 * (RFC 9110 section 14), streamed from disk.
 */
final class RecordingResource {

    private static final int CHUNK = 64 * 1024;

    private final Store store;
    private final ApiJson json;
    private final Path dir;

    /** @param dir {@code recording.dir}: only files under it are served */
    RecordingResource(Store store, ApiJson json, Path dir) {
        this.store = store;
        this.json = json;
        this.dir = dir.toAbsolutePath().normalize();
    }

    void register(ApiRoutes routes) {
        routes.add("GET", "/api/calls/{uuid}/recording", this::get);
    }

    private ApiResponse get(ApiRequest request) throws IOException {
        String uuid = request.param("uuid");
        CallRecordRow row = store.callRecords().get(uuid).orElseThrow(() -> ApiException.notFound("no call " + uuid));
        JsonNode recording = json.mapper.readTree(row.recordJson()).path("recording");
        if (!recording.isObject()) {
            throw ApiException.notFound("call " + uuid + " was not recorded");
        }
        Path file = Path.of(recording.path("path").asText()).toAbsolutePath().normalize();
        RecordingFormat format = RecordingFormat.of(recording.path("format").asText())
                .orElseThrow(() -> ApiException.notFound("call " + uuid + " has a recording of unknown format"));
        if (!file.startsWith(dir)) {
            throw ApiException.notFound("the recording of call " + uuid + " is outside recording.dir");
        }
        long length;
        try {
            length = Files.size(file);
        } catch (NoSuchFileException e) {
            throw ApiException.notFound("the recording of call " + uuid
                    + " is no longer on disk (deleted after recording.retentionDays?)");
        }
        return switch (ByteRange.parse(request.header("Range").orElse(null), length)) {
            case ByteRange.Whole whole -> ApiResponse.ofLength(200, format.contentType(),
                    Map.of("Accept-Ranges", "bytes"), length, out -> copy(file, 0, length, out));
            case ByteRange.Part part -> ApiResponse.ofLength(206, format.contentType(),
                    Map.of("Accept-Ranges", "bytes",
                            "Content-Range", "bytes " + part.first() + "-" + part.last() + "/" + length),
                    part.length(), out -> copy(file, part.first(), part.length(), out));
            case ByteRange.Unsatisfiable none -> ApiResponse.streamed(416, "text/plain; charset=utf-8",
                    Map.of("Accept-Ranges", "bytes", "Content-Range", "bytes */" + length),
                    out -> out.write(("range not satisfiable: the recording has " + length + " bytes\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        };
    }

    /** Copies {@code count} bytes from {@code position} a chunk at a time. */
    private static void copy(Path file, long position, long count, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long at = position;
            long left = count;
            while (left > 0) {
                buffer.clear().limit((int) Math.min(CHUNK, left));
                int n = channel.read(buffer, at);
                if (n < 0) {
                    throw new IOException("recording " + file + " shrank while it was sent");
                }
                out.write(buffer.array(), 0, n);
                at += n;
                left -= n;
            }
        }
    }
}
