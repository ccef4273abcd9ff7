package io.callrobot.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.tryout.Synthesis;
import io.callrobot.tts.tryout.TextPreview;
import io.callrobot.tts.tryout.TryOutFailedException;
import io.callrobot.tts.tryout.TryOutProvider;
import io.callrobot.tts.tryout.TtsTryOut;
import io.callrobot.tts.tryout.VoiceOptions;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The TTS try-out: {@code GET /api/tts/options} (providers and their choices),
 * {@code POST /api/tts/normalize} (what a text becomes before synthesis) and
 * {@code POST /api/tts/synthesize} (the text spoken through the chain a call uses, as a WAV file
 * whose headers tell the cache use and timings). Texts are limited in length and try-outs in number
 * at once, so trying voices cannot take the provider's capacity from calls.
 */
final class TtsResource {

    /** Longest text a try-out takes, in characters (code points). */
    static final int MAX_CHARS = 500;
    /** Try-outs synthesising at once. */
    static final int MAX_CONCURRENT = 2;

    private final TtsTryOut tryOut;
    private final ApiJson json;
    private final int maxChars;
    private final int maxConcurrent;
    private final Semaphore running;

    TtsResource(TtsTryOut tryOut, ApiJson json, int maxChars, int maxConcurrent) {
        this.tryOut = tryOut;
        this.json = json;
        this.maxChars = maxChars;
        this.maxConcurrent = maxConcurrent;
        this.running = new Semaphore(maxConcurrent);
    }

    void register(ApiRoutes routes) {
        routes.add("GET", "/api/tts/options", this::options)
                .add("POST", "/api/tts/normalize", this::normalize)
                .add("POST", "/api/tts/synthesize", this::synthesize);
    }

    private ApiResponse options(ApiRequest request) {
        ArrayNode providers = json.mapper.createArrayNode();
        for (TryOutProvider provider : tryOut.providers()) {
            VoiceOptions options = provider.options();
            ObjectNode node = providers.addObject().put("name", provider.name())
                    .put("configured", provider == tryOut.providers().get(0))
                    .put("promptCache", provider.promptCache())
                    .put("defaultVoice", options.defaultVoice());
            node.set("voices", json.mapper.valueToTree(options.voices()));
            node.set("emotions", json.mapper.valueToTree(options.emotions()));
            node.putObject("speed").put("min", options.minSpeed()).put("max", options.maxSpeed()).put("default", 1.0);
            node.set("languages", json.mapper.valueToTree(options.languages()));
        }
        ObjectNode out = json.mapper.createObjectNode();
        out.set("providers", providers);
        out.putObject("limits").put("maxChars", maxChars).put("maxConcurrent", maxConcurrent);
        return json.answer(200, out);
    }

    private ApiResponse normalize(ApiRequest request) {
        JsonNode body = object(request);
        TryOutProvider provider = provider(body);
        String text = text(body);
        TextPreview.Preview preview = tryOut.preview(provider, text, language(body, provider));
        return json.answer(200, preview);
    }

    private ApiResponse synthesize(ApiRequest request) throws InterruptedException {
        JsonNode body = object(request);
        TryOutProvider provider = provider(body);
        String text = text(body);
        String language = language(body, provider);
        TtsRequest voice = new TtsRequest(null, language, voice(body, provider), emotion(body, provider),
                speed(body, provider));
        if (!running.tryAcquire()) {
            throw new ApiException(429, null, "at most " + maxConcurrent
                    + " try-outs synthesise at once; try again when one has finished");
        }
        Synthesis synthesis;
        try {
            synthesis = tryOut.synthesize(provider, voice, text);
        } catch (TryOutFailedException e) {
            throw new ApiException(e.timedOut() ? 504 : 502, "provider", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("text", "nothing to speak: only spaces and punctuation");
        } finally {
            running.release();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-TTS-Provider", provider.name());
        headers.put("X-TTS-Cache", synthesis.cache());
        headers.put("X-TTS-Chunks", Integer.toString(synthesis.chunks()));
        headers.put("X-TTS-Cached-Chunks", Integer.toString(synthesis.cachedChunks()));
        headers.put("X-TTS-First-Audio-Ms", Long.toString(synthesis.firstAudioMillis()));
        headers.put("X-TTS-Total-Ms", Long.toString(synthesis.totalMillis()));
        headers.put("X-TTS-Duration-Ms", Long.toString(synthesis.durationMillis()));
        // header values are ISO-8859-1: the text goes percent-encoded as UTF-8 (decodeURIComponent reads it)
        headers.put("X-TTS-Normalized", URLEncoder.encode(tryOut.preview(provider, text, language).normalized(),
                StandardCharsets.UTF_8).replace("+", "%20"));
        headers.put("Cache-Control", "no-store");
        byte[] wav = synthesis.audio().toWav();
        return new ApiResponse(200, "audio/wav", headers, out -> out.write(wav));
    }

    private JsonNode object(ApiRequest request) {
        JsonNode body = json.body(request);
        if (!body.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object");
        }
        return body;
    }

    /** The provider the body names, or the configured one. */
    private TryOutProvider provider(JsonNode body) {
        String name = optional(body, "provider");
        if (name == null) {
            return tryOut.providers().get(0);
        }
        return tryOut.provider(name).orElseThrow(() -> ApiException.badRequest("provider", "'" + name
                + "' is not a provider of this server; available: "
                + tryOut.providers().stream().map(TryOutProvider::name).toList()));
    }

    private String text(JsonNode body) {
        String text = optional(body, "text");
        if (text == null) {
            throw ApiException.badRequest("text", "required: the text to speak");
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxChars) {
            throw ApiException.badRequest("text", "too long: " + length + " characters, at most " + maxChars);
        }
        return text;
    }

    private static String language(JsonNode body, TryOutProvider provider) {
        String language = optional(body, "language");
        if (language == null) {
            return provider.options().languages().get(0);
        }
        if (!provider.options().languages().contains(language)) {
            throw ApiException.badRequest("language", "'" + language + "' is not one of "
                    + provider.options().languages());
        }
        return language;
    }

    /** The voice named, or null for the provider's default. */
    private static String voice(JsonNode body, TryOutProvider provider) {
        String voice = optional(body, "voice");
        if (voice != null && !provider.options().voices().contains(voice)) {
            throw ApiException.badRequest("voice", "'" + voice + "' is not a voice of " + provider.name()
                    + "; known: " + provider.options().voices());
        }
        return voice;
    }

    private static String emotion(JsonNode body, TryOutProvider provider) {
        String emotion = optional(body, "emotion");
        if (emotion != null && !provider.options().emotions().contains(emotion)) {
            throw ApiException.badRequest("emotion", provider.options().emotions().isEmpty()
                    ? provider.name() + " takes no emotion"
                    : "'" + emotion + "' is not one of " + provider.options().emotions());
        }
        return emotion;
    }

    private static double speed(JsonNode body, TryOutProvider provider) {
        JsonNode value = body.get("speed");
        if (value == null || value.isNull()) {
            return 1.0;
        }
        VoiceOptions options = provider.options();
        if (!value.isNumber() || value.asDouble() < options.minSpeed() || value.asDouble() > options.maxSpeed()) {
            throw ApiException.badRequest("speed", "must be a number from " + options.minSpeed() + " to "
                    + options.maxSpeed() + " for " + provider.name() + ": " + value);
        }
        return value.asDouble();
    }

    /** A text field's value; null when absent, null or blank; a 400 naming it when not text. */
    private static String optional(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field, "must be text: " + value);
        }
        return value.asText().isBlank() ? null : value.asText();
    }
}
