package io.callrobot.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSources;

/**
 * Streams chat completions from an OpenAI-compatible server: {@code POST {baseUrl}/chat/completions}
 * with {@code stream: true}, answered with server-sent events (OpenAI API reference, "Streaming").
 * One engine serves all calls over one shared connection pool.
 */
public final class OpenAiChatEngine implements LlmEngine {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final LlmConfig config;
    private final HttpUrl url;
    private final EventSource.Factory events;
    private final ChatCompletionsJson json = new ChatCompletionsJson(new ObjectMapper());

    /** An engine with its own client, sized for many concurrent streams. */
    public OpenAiChatEngine(LlmConfig config) {
        this(config, new OkHttpClient.Builder().dispatcher(wideDispatcher()).build());
    }

    /**
     * An engine sharing {@code client}'s connection pool and dispatcher; the config's time-outs
     * apply. Streams run on the dispatcher, whose default allows only 5 concurrent requests per
     * host: raise {@code maxRequestsPerHost} for many calls.
     */
    public OpenAiChatEngine(LlmConfig config, OkHttpClient client) {
        this.config = Objects.requireNonNull(config, "config");
        this.url = chatCompletionsUrl(config.baseUrl());
        this.events = EventSources.createFactory(client.newBuilder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .build());
    }

    @Override
    public ChatCompletionCall stream(LlmRequest request, LlmListener listener) {
        Request.Builder http = new Request.Builder()
                .url(url)
                .post(RequestBody.create(json.requestBody(config, request), JSON));
        if (config.hasApiKey()) {
            http.header("Authorization", "Bearer " + config.apiKey()); // OpenAI API reference, "Authentication"
        }
        ChatCompletionCall call = new ChatCompletionCall(request.callId(), config.model(),
                ChatCompletionsJson.sendsTools(config, request), url, config.readTimeout(), json, listener);
        call.start(events, http.build());
        return call;
    }

    private static HttpUrl chatCompletionsUrl(String baseUrl) {
        HttpUrl base = HttpUrl.parse(baseUrl);
        if (base == null) {
            throw new IllegalArgumentException("LLM baseUrl is not an http(s) URL: " + baseUrl);
        }
        return base.newBuilder().addPathSegments("chat/completions").build();
    }

    private static Dispatcher wideDispatcher() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1024);
        dispatcher.setMaxRequestsPerHost(1024);
        return dispatcher;
    }
}
