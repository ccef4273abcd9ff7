package io.callrobot.llm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.callrobot.net.ProviderJson;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams chat completions from an OpenAI-compatible server: {@code POST {baseUrl}/chat/completions}
 * with {@code stream: true}, answered with server-sent events (OpenAI API reference, "Streaming").
 * One engine serves all calls over one shared connection pool.
 *
 * <p>Tools are sent while the server is known or assumed to take them ({@code llm.tools} not
 * {@code off}). Once the server refuses them ({@link ToolsUnsupportedException}), at start-up
 * ({@link #checkTools}) or on a call's request, the engine sends no tools for the rest of its life:
 * the refused request is sent again without them, so the caller hears an answer, not the fallback,
 * and the warning is logged once.
 */
public final class OpenAiChatEngine implements LlmEngine {

    /** What {@link #checkTools} found. */
    public enum ToolSupport {
        /** {@code llm.tools: off}: nothing was asked. */
        OFF,
        /** The server took a request with tools. */
        SUPPORTED,
        /** The server refused tools: the engine sends none from now on. */
        UNSUPPORTED,
        /** The server could not be asked (down, time-out, another error): tools stay on. */
        UNKNOWN
    }

    private static final Logger log = LoggerFactory.getLogger(OpenAiChatEngine.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /**
     * The probe sends one tool with {@code tool_choice} left out, the "auto" every call sends: vLLM
     * refuses exactly that without {@code --enable-auto-tool-choice} (it takes {@code none}), Ollama
     * refuses any {@code tools} for a model without tool support. One token is all it may cost.
     */
    private static final ToolDefinition PROBE_TOOL = new ToolDefinition("noop", "Does nothing.",
            JsonNodeFactory.instance.objectNode().put("type", "object").set("properties",
                    JsonNodeFactory.instance.objectNode()));

    private final LlmConfig config;
    private final HttpUrl url;
    private final EventSource.Factory events;
    private final ChatCompletionsJson json = new ChatCompletionsJson(ProviderJson.mapper());
    /** False once {@code llm.tools} is off or the server refused tools; read by every request's thread. */
    private final AtomicBoolean toolsOn;

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
        this.toolsOn = new AtomicBoolean(config.toolsEnabled());
    }

    @Override
    public ChatCompletionCall stream(LlmRequest request, LlmListener listener) {
        boolean withTools = toolsOn.get() && !request.tools().isEmpty();
        ChatCompletionCall call = new ChatCompletionCall(request.callId(), config.model(), withTools, refusal -> {
            toolsRefused(refusal);
            return http(config, request, false);
        }, url, config.readTimeout(), json, listener);
        call.start(events, http(config, request, withTools));
        return call;
    }

    /** Whether requests that define tools send them now. */
    public boolean sendsTools() {
        return toolsOn.get();
    }

    /**
     * Asks the server once whether it takes tools: a one-token request with one tool. Blocks up to
     * {@code timeout}; run it off event loops. With {@code llm.tools: auto} a refusal is logged as
     * one warning and tools are off from then on; an unreachable server is a warning and tools stay on.
     *
     * @throws ToolsUnsupportedException with {@code llm.tools: required}, if the server refuses tools
     */
    public ToolSupport checkTools(Duration timeout) throws ToolsUnsupportedException, InterruptedException {
        if (!config.toolsEnabled()) {
            return ToolSupport.OFF;
        }
        CompletableFuture<Throwable> answer = new CompletableFuture<>();
        LlmRequest probe = new LlmRequest("tools-probe", List.of(ChatMessage.user("ping")), List.of(PROBE_TOOL), null);
        ChatCompletionCall call = new ChatCompletionCall(probe.callId(), config.model(), true, null, url,
                config.readTimeout(), json, new LlmListener() {
            @Override
            public void onToken(String text) {
                answer.complete(null); // the server took the tools: no need to hear the rest
            }

            @Override
            public void onComplete() {
                answer.complete(null);
            }

            @Override
            public void onFailure(Throwable error) {
                answer.complete(error);
            }
        });
        call.start(events, http(config.withMaxTokens(1), probe, true));
        Throwable failure;
        try {
            failure = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("LLM model '{}' at {} did not answer the tool-support check within {}; tools stay on",
                    config.model(), url, timeout);
            return ToolSupport.UNKNOWN;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the probe's future is only completed with a value", e);
        } finally {
            call.cancel();
        }
        if (failure == null) {
            log.info("LLM model '{}' at {} takes tools", config.model(), url);
            return ToolSupport.SUPPORTED;
        }
        if (failure instanceof ToolsUnsupportedException unsupported) {
            if (config.toolsRequired()) {
                throw unsupported;
            }
            toolsRefused(unsupported);
            return ToolSupport.UNSUPPORTED;
        }
        log.warn("LLM tool-support check failed, tools stay on: {}", failure.getMessage());
        return ToolSupport.UNKNOWN;
    }

    private Request http(LlmConfig with, LlmRequest request, boolean withTools) {
        Request.Builder http = new Request.Builder()
                .url(url)
                .post(RequestBody.create(json.requestBody(with, request, withTools), JSON));
        if (config.hasApiKey()) {
            http.header("Authorization", "Bearer " + config.apiKey()); // OpenAI API reference, "Authentication"
        }
        return http.build();
    }

    /** Turns tools off for good, logging it once whichever thread gets here first. */
    private void toolsRefused(ToolsUnsupportedException refusal) {
        if (toolsOn.compareAndSet(true, false)) {
            log.warn("{}. LLM nodes run without tools until the server restarts: the model only talks",
                    refusal.getMessage());
        }
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
