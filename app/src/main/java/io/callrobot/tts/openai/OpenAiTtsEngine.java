package io.callrobot.tts.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.tts.ChunkSynthesis;
import io.callrobot.tts.HttpChunkSynthesis;
import io.callrobot.tts.OrderedTtsStream;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks through an OpenAI-compatible {@code POST {baseUrl}/audio/speech}, one request per chunk
 * asking for {@code response_format: "pcm"}; the next chunks are requested while earlier audio is
 * delivered, and each answer's PCM is delivered as its body streams in.
 *
 * <p>Connection warm-up: a speech request is billed, so none is made ahead of time. With
 * {@link OpenAiTtsConfig#warmUp()} the engine sends one {@code GET {baseUrl}/models} at start, which
 * is free, to leave a TLS connection in okhttp's pool for the first reply; its answer is ignored.
 */
public final class OpenAiTtsEngine implements TtsEngine {

    private static final Logger log = LoggerFactory.getLogger(OpenAiTtsEngine.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int BLOCK = 4096;

    private final OpenAiTtsConfig config;
    private final HttpUrl speech;
    private final OkHttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();

    /** An engine sharing {@code client}'s connection pool; the config's time-outs apply. */
    public OpenAiTtsEngine(OpenAiTtsConfig config, OkHttpClient client) {
        this.config = Objects.requireNonNull(config, "config");
        HttpUrl base = HttpUrl.parse(config.baseUrl());
        if (base == null) {
            throw new IllegalArgumentException("OpenAI TTS baseUrl is not an http(s) URL: " + config.baseUrl());
        }
        // POST {baseUrl}/audio/speech (OpenAI API reference, Audio, "Create speech")
        this.speech = base.newBuilder().addPathSegments("audio/speech").build();
        this.client = client.newBuilder()
                .connectTimeout(config.connectTimeout())
                .writeTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .build();
        if (config.warmUp()) {
            warmUp(base.newBuilder().addPathSegment("models").build());
        }
    }

    @Override
    public TtsStream open(TtsRequest request, TtsListener listener) {
        return OrderedTtsStream.open("openai-tts-" + request.callId(), listener, config.maxInFlight(),
                chunk -> new HttpChunkSynthesis("OpenAI TTS", speech, chunk,
                        client.newCall(authorized(new Request.Builder().url(speech))
                                .post(RequestBody.create(body(request, chunk.text()), JSON))
                                .build()),
                        config.readTimeout(), this::readPcm));
    }

    /** The JSON body: {model, input, voice, response_format, speed[, instructions]} (OpenAI "Create speech"). */
    byte[] body(TtsRequest request, String text) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", config.model());
        body.put("input", text);
        body.put("voice", request.voice() != null ? request.voice() : config.voice());
        body.put("response_format", "pcm");
        // speed: 0.25 to 4.0, default 1.0 (OpenAI "Create speech")
        body.put("speed", request.speed() > 0 ? Math.max(0.25, Math.min(4.0, request.speed())) : 1.0);
        if (request.emotion() != null && !request.emotion().isBlank() && !config.instructions().isBlank()) {
            // instructions: voice control, not supported by tts-1 / tts-1-hd (OpenAI "Create speech")
            body.put("instructions", config.instructions().replace("{emotion}", request.emotion().strip()));
        }
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a speech request", e);
        }
    }

    private Request.Builder authorized(Request.Builder builder) {
        if (config.hasApiKey()) {
            builder.header("Authorization", "Bearer " + config.apiKey()); // OpenAI API reference, "Authentication"
        }
        return builder;
    }

    private void warmUp(HttpUrl models) {
        client.newCall(authorized(new Request.Builder().url(models)).get().build()).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                response.close();
                log.debug("OpenAI TTS warm-up: {} answered HTTP {}", models, response.code());
            }

            @Override
            public void onFailure(Call call, IOException e) {
                log.warn("OpenAI TTS warm-up: {} unreachable: {}", models, e.getMessage());
            }
        });
    }

    /** pcm: raw samples, 24 kHz 16-bit signed little-endian, no header (OpenAI text-to-speech guide, output formats). */
    private void readPcm(HttpChunkSynthesis synthesis, Response response, ChunkSynthesis.AudioSink sink) throws IOException {
        MediaType type = response.body().contentType();
        if (type != null && (type.type().equals("text") || type.subtype().equals("json"))) {
            throw synthesis.refusal(response, type + " instead of audio");
        }
        synthesis.streamPcm(response.body().source(), sink, false, config.sampleRate(), BLOCK);
    }
}
