package io.callrobot.llm;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming chat completion: turns server-sent events into {@link LlmListener} calls, with
 * exactly one terminal callback unless cancelled. okhttp delivers the events of one stream from
 * one reader thread, which keeps them in order.
 */
public final class ChatCompletionCall implements LlmCall {

    private static final Logger log = LoggerFactory.getLogger(ChatCompletionCall.class);
    /** End-of-stream sentinel (OpenAI API reference, "Streaming": the stream ends with {@code data: [DONE]}). */
    private static final String DONE = "[DONE]";

    /** What a call whose tools the server refused sends instead. */
    interface ToolsRefused {
        /** The same request without tools, or null to fail with {@code refusal}; called on the reader thread. */
        Request retryWithoutTools(ToolsUnsupportedException refusal);
    }

    private final String callId;
    private final String model;
    /** Whether the request under way defines tools; cleared on the reader thread by a retry without them. */
    private volatile boolean toolsSent;
    private final ToolsRefused toolsRefused;
    private EventSource.Factory factory;
    private final HttpUrl url;
    private final Duration readTimeout;
    private final ChatCompletionsJson json;
    private final LlmListener listener;
    /** Touched only by okhttp's one reader thread of this stream. */
    private final ToolCallAssembler toolCalls;
    /**
     * Set by the terminal callback or by cancel(). Listener calls are never made under a lock (the
     * OkHttp rule: cancel with a flag, deliver outside the lock), so a callback already under way
     * when cancel() is called may still arrive; listeners drop what comes after their own cancel.
     */
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile String finishReason;
    private volatile EventSource source;

    ChatCompletionCall(String callId, String model, boolean toolsSent, ToolsRefused toolsRefused, HttpUrl url,
                       Duration readTimeout, ChatCompletionsJson json, LlmListener listener) {
        this.callId = callId;
        this.model = model;
        this.toolsSent = toolsSent;
        this.toolsRefused = toolsRefused;
        this.url = url;
        this.readTimeout = readTimeout;
        this.json = json;
        this.listener = listener;
        this.toolCalls = json.toolCallAssembler();
    }

    void start(EventSource.Factory factory, Request request) {
        this.factory = factory;
        EventSource started = factory.newEventSource(request, new Events());
        source = started;
        if (ended.get()) { // cancelled before the source was known
            started.cancel();
        }
    }

    /** The last {@code finish_reason} the server sent ({@code stop}, {@code length}, {@code tool_calls}, ...), or null. */
    public String finishReason() {
        return finishReason;
    }

    @Override
    public void cancel() {
        ended.set(true);
        EventSource current = source;
        if (current != null) {
            current.cancel();
        }
    }

    private void token(String text) {
        if (!ended.get()) {
            listener.onToken(text);
        }
    }

    /**
     * Tool calls go out just before the completion, whatever the finish reason: some compatible
     * servers end an answer with calls by {@code stop} rather than {@code tool_calls}.
     */
    private void complete() {
        if (ended.compareAndSet(false, true)) {
            log.debug("call {}: LLM stream complete, finish_reason={}", callId, finishReason);
            if (!toolCalls.isEmpty()) {
                listener.onToolCalls(toolCalls.calls());
            }
            listener.onComplete();
        }
    }

    private void fail(Throwable error) {
        if (ended.compareAndSet(false, true)) {
            log.warn("call {}: LLM stream failed: {}", callId, error.getMessage());
            listener.onFailure(error);
        }
    }

    private boolean ended() {
        return ended.get();
    }

    private final class Events extends EventSourceListener {

        @Override
        public void onEvent(EventSource eventSource, String id, String type, String data) {
            if (ended()) {
                return;
            }
            if (DONE.equals(data.strip())) {
                complete();
                return;
            }
            ChatCompletionsJson.Delta delta;
            try {
                delta = json.parseChunk(data);
            } catch (IllegalArgumentException e) {
                fail(new IOException("LLM " + url + ": " + e.getMessage(), e));
                eventSource.cancel();
                return;
            }
            if (delta.finishReason() != null) {
                finishReason = delta.finishReason();
            }
            if (delta.content() != null && !delta.content().isEmpty()) {
                token(delta.content());
            }
            delta.toolCalls().forEach(toolCalls::add);
            if (delta.usage() != null && !ended()) {
                listener.onUsage(delta.usage());
            }
        }

        /**
         * Some compatible servers close the stream after the chunk with {@code finish_reason} and send no
         * {@code [DONE]}: that answer is whole. Without a finish reason the answer was cut off.
         */
        @Override
        public void onClosed(EventSource eventSource) {
            if (finishReason != null) {
                complete();
            } else {
                fail(new IOException("LLM " + url + ": stream ended before [DONE] without a finish_reason"));
            }
        }

        @Override
        public void onFailure(EventSource eventSource, Throwable t, Response response) {
            if (ended()) {
                return; // includes okhttp's "canceled" report after cancel()
            }
            IOException error = describe(t, response);
            Request retry = error instanceof ToolsUnsupportedException refusal && toolsRefused != null
                    ? toolsRefused.retryWithoutTools(refusal) : null;
            if (retry == null) {
                fail(error);
                return;
            }
            // an HTTP 400 comes before any chunk: nothing was delivered, the answer can start over
            toolsSent = false;
            start(factory, retry);
        }

        private IOException describe(Throwable t, Response response) {
            if (response != null && !response.isSuccessful()) {
                String body = bodyOf(response);
                if (toolsSent && response.code() == 400 && ChatCompletionsJson.saysToolsUnsupported(body)) {
                    return new ToolsUnsupportedException(model, url.toString(), json.errorMessage(body));
                }
                return new IOException("LLM " + url + " answered HTTP " + response.code() + ": "
                        + json.errorMessage(body), t);
            }
            if (t instanceof SocketTimeoutException) {
                return new IOException("LLM " + url + ": read time-out, no data for " + readTimeout, t);
            }
            if (response != null && t instanceof IllegalStateException) { // okhttp-sse: not text/event-stream
                return new IOException("LLM " + url + ": expected an event stream, got " + t.getMessage(), t);
            }
            if (response != null) { // the stream was open: the connection broke mid-answer
                return new IOException("LLM " + url + ": stream ended before [DONE]: " + t, t);
            }
            return new IOException("LLM " + url + ": connection failed: " + t, t);
        }

        private static String bodyOf(Response response) {
            try {
                return response.peekBody(4096).string();
            } catch (IOException e) {
                return "(unreadable body: " + e.getMessage() + ")";
            }
        }
    }
}
