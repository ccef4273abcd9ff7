package io.callrobot.asr.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.asr.AsrEngine;
import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.net.ProviderJson;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Speech recognition by an OpenAI-compatible transcription endpoint, one request per utterance:
 * {@code POST {baseUrl}/audio/transcriptions} with a multipart form of {@code file} (the utterance
 * as WAV), {@code model}, {@code language}, {@code response_format=json} and an optional
 * {@code prompt}; the answer is {@code {"text": "..."}} (OpenAI API reference, Audio, "Create
 * transcription"). The call's VAD cuts the utterances ({@link AsrStream#speechStarted()} /
 * {@link AsrStream#speechEnded()}), so there are no partial results; whisper and SenseVoice servers
 * that speak this API work unchanged.
 *
 * <p>Failure policy: a request answered 401, 403 or 404 means the server, key or model is wrong for
 * every utterance, so the stream fails ({@link AsrListener#onFailure}); any other failure of one
 * utterance (5xx, 429, a time-out, a refused connection, an unreadable answer, a 4xx about that audio)
 * is logged, counted in {@link #failedUtterances()} and skipped, and the stream fails only after
 * {@link OpenAiAsrConfig#maxConsecutiveFailures} such failures in a row.
 */
public final class OpenAiAsrEngine implements AsrEngine {

    private final OpenAiAsrConfig config;
    private final OkHttpClient http;
    private final HttpUrl url;
    private final ObjectMapper json = ProviderJson.mapper();
    private final LongAdder failed = new LongAdder();

    /** @param http shared client; requests run on its dispatcher, each bounded by {@link OpenAiAsrConfig#timeout} */
    public OpenAiAsrEngine(OpenAiAsrConfig config, OkHttpClient http) {
        this.config = config;
        this.http = http.newBuilder().callTimeout(config.timeout()).build();
        this.url = transcriptionsUrl(config.baseUrl());
    }

    /** {@code {baseUrl}/audio/transcriptions}, with or without a trailing slash on the base. */
    static HttpUrl transcriptionsUrl(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return HttpUrl.get(base + "/audio/transcriptions");
    }

    @Override
    public AsrStream open(AsrRequest request, AsrListener listener) {
        return new OpenAiAsrStream(config, request, listener, http, url, json, failed);
    }

    /** Utterances of all calls whose transcription failed and was skipped. */
    public long failedUtterances() {
        return failed.sum();
    }
}
