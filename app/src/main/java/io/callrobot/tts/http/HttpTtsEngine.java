package io.callrobot.tts.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.net.ProviderJson;
import io.callrobot.tts.ChunkSynthesis;
import io.callrobot.tts.HttpChunkSynthesis;
import io.callrobot.tts.OrderedTtsStream;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Speaks through a self-hosted TTS server, one {@code POST} per chunk with JSON
 * {@code {text, voice, emotion, speed}}, answered with {@code audio/wav} or raw 16-bit mono PCM.
 * The next chunks' requests run while earlier audio is delivered; WAV and raw PCM are delivered in
 * small blocks as they arrive, never after the whole body. Audio comes at the server's own rate.
 */
public final class HttpTtsEngine implements TtsEngine {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** Bytes read at a time: 40 ms of 16 kHz mono, 27 ms at 24 kHz, so audio reaches the call as it comes. */
    private static final int BLOCK = 1280;

    private final HttpTtsConfig config;
    private final HttpUrl url;
    private final OkHttpClient client;
    private final ObjectMapper mapper = ProviderJson.mapper();

    public HttpTtsEngine(HttpTtsConfig config) {
        this(config, new OkHttpClient());
    }

    /** An engine sharing {@code client}'s connection pool; the config's time-out applies. */
    public HttpTtsEngine(HttpTtsConfig config, OkHttpClient client) {
        this.config = Objects.requireNonNull(config, "config");
        this.url = HttpUrl.parse(config.url());
        if (url == null) {
            throw new IllegalArgumentException("TTS url is not an http(s) URL: " + config.url());
        }
        this.client = client.newBuilder()
                .connectTimeout(config.timeout())
                .writeTimeout(config.timeout())
                .readTimeout(config.timeout())
                .build();
    }

    @Override
    public TtsStream open(TtsRequest request, TtsListener listener) {
        return OrderedTtsStream.open("http-tts-" + request.callId(), listener, config.maxInFlight(),
                chunk -> new HttpChunkSynthesis("HTTP TTS", url, chunk, client.newCall(new Request.Builder()
                        .url(url)
                        .post(RequestBody.create(body(request, chunk.text()), JSON))
                        .build()), config.timeout(), this::readAudio));
    }

    private byte[] body(TtsRequest request, String text) {
        ObjectNode body = mapper.createObjectNode();
        body.put("text", text);
        body.put("voice", request.voice() != null ? request.voice() : config.voice());
        body.put("emotion", request.emotion());
        body.put("speed", request.speed() > 0 ? request.speed() : 1.0);
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode TTS request", e);
        }
    }

    private void readAudio(HttpChunkSynthesis synthesis, Response response, ChunkSynthesis.AudioSink sink)
            throws IOException {
        ResponseBody body = response.body();
        MediaType type = body.contentType();
        String mime = type == null ? "" : (type.type() + "/" + type.subtype()).toLowerCase(Locale.ROOT);
        switch (mime) {
            // RFC 2361 and common practice name WAV audio/wav, audio/wave, audio/x-wav, audio/vnd.wave
            case "audio/wav", "audio/wave", "audio/x-wav", "audio/vnd.wave" -> synthesis.streamWav(body.source(), sink, BLOCK);
            // RFC 2586: audio/L16 is big-endian ("network byte order"); rate is a required parameter
            case "audio/l16" -> stream(synthesis, body.source(), sink, true, rate(synthesis, type, 0), type);
            case "audio/pcm", "application/octet-stream" ->
                    stream(synthesis, body.source(), sink, false, rate(synthesis, type, config.sampleRate()), type);
            default -> throw synthesis.failure("sent unsupported content type " + type, null);
        }
    }

    /** Delivers raw mono PCM block by block as it arrives. */
    private static void stream(HttpChunkSynthesis synthesis, BufferedSource source, ChunkSynthesis.AudioSink sink,
            boolean bigEndian, int rate, MediaType type) throws IOException {
        String channels = type.parameter("channels");
        if (channels != null && !channels.trim().equals("1")) {
            throw synthesis.failure("sent " + channels + " channels; only mono is supported", null);
        }
        synthesis.streamPcm(source, sink, bigEndian, rate, BLOCK);
    }

    private static int rate(HttpChunkSynthesis synthesis, MediaType type, int fallback) throws IOException {
        String rate = type.parameter("rate");
        if (rate == null && fallback > 0) {
            return fallback;
        }
        if (rate == null) {
            throw synthesis.failure("sent " + type + " without the rate parameter", null);
        }
        try {
            int parsed = Integer.parseInt(rate.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw synthesis.failure("sent " + type + " with a bad rate", null);
    }
}
