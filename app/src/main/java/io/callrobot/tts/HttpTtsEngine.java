package io.callrobot.tts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.media.PcmAudio;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Objects;
import okhttp3.Call;
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
 * The next chunks' requests run while earlier audio is delivered; raw PCM is delivered as it
 * arrives. Audio comes at the server's own rate.
 */
public final class HttpTtsEngine implements TtsEngine {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final HttpTtsConfig config;
    private final HttpUrl url;
    private final OkHttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();

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
                chunk -> new HttpSynthesis(chunk, client.newCall(new Request.Builder()
                        .url(url)
                        .post(RequestBody.create(body(request, chunk.text()), JSON))
                        .build())));
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

    /** One chunk's request; the call exists from the start so that abort() can cancel it at any time. */
    private final class HttpSynthesis implements ChunkSynthesis {
        private static final int BLOCK = 8192;
        private final TextChunk chunk;
        private final Call call;

        HttpSynthesis(TextChunk chunk, Call call) {
            this.chunk = chunk;
            this.call = call;
        }

        @Override
        public void run(AudioSink sink) throws IOException {
            try (Response response = call.execute()) {
                ResponseBody body = response.body();
                if (!response.isSuccessful() || body == null) {
                    throw failure("answered HTTP " + response.code() + ": " + excerpt(response.peekBody(512).string()), null);
                }
                MediaType type = body.contentType();
                String mime = type == null ? "" : (type.type() + "/" + type.subtype()).toLowerCase(Locale.ROOT);
                switch (mime) {
                    // RFC 2361 and common practice name WAV audio/wav, audio/wave, audio/x-wav, audio/vnd.wave
                    case "audio/wav", "audio/wave", "audio/x-wav", "audio/vnd.wave" -> {
                        PcmAudio audio;
                        try {
                            audio = PcmAudio.fromWav(body.bytes());
                        } catch (IllegalArgumentException e) {
                            throw failure("sent a bad WAV: " + e.getMessage(), e);
                        }
                        sink.audio(audio.samples(), audio.sampleRate());
                    }
                    // RFC 2586: audio/L16 is big-endian ("network byte order"); rate is a required parameter
                    case "audio/l16" -> stream(body.source(), sink, true, rate(type, 0), type);
                    case "audio/pcm", "application/octet-stream" ->
                            stream(body.source(), sink, false, rate(type, config.sampleRate()), type);
                    default -> throw failure("sent unsupported content type " + type, null);
                }
            } catch (SocketTimeoutException e) {
                throw failure("timed out after " + config.timeout(), e);
            } catch (TtsFailure e) {
                throw e;
            } catch (IOException e) {
                throw failure("connection failed: " + e, e);
            }
        }

        /** Delivers raw PCM block by block as it arrives. */
        private void stream(BufferedSource source, AudioSink sink, boolean bigEndian, int rate, MediaType type)
                throws IOException {
            String channels = type.parameter("channels");
            if (channels != null && !channels.trim().equals("1")) {
                throw failure("sent " + channels + " channels; only mono is supported", null);
            }
            PcmStreamDecoder decoder = new PcmStreamDecoder(bigEndian);
            byte[] block = new byte[BLOCK];
            for (int read = source.read(block); read != -1; read = source.read(block)) {
                short[] samples = decoder.decode(block, read);
                if (samples.length > 0) {
                    sink.audio(samples, rate);
                }
            }
            if (decoder.hasRemainder()) {
                throw failure("sent an odd number of PCM bytes (truncated sample)", null);
            }
        }

        private int rate(MediaType type, int fallback) throws IOException {
            String rate = type.parameter("rate");
            if (rate == null && fallback > 0) {
                return fallback;
            }
            if (rate == null) {
                throw failure("sent " + type + " without the rate parameter", null);
            }
            try {
                int parsed = Integer.parseInt(rate.trim());
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw failure("sent " + type + " with a bad rate", null);
        }

        private TtsFailure failure(String what, Throwable cause) {
            return new TtsFailure("HTTP TTS " + url + " (chunk " + chunk.index() + ") " + what, cause);
        }

        @Override
        public void abort() {
            call.cancel();
        }
    }

    /** A failure already described with the URL and chunk, not to be wrapped again. */
    private static final class TtsFailure extends IOException {
        TtsFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String excerpt(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
