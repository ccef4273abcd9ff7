package io.callrobot.dialog.tools.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.callrobot.dialog.schema.JsonSchema;
import io.callrobot.dialog.tools.ToolCallBudget;
import io.callrobot.llm.ToolCall;
import io.callrobot.time.CallClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a model's call of an HTTP tool on okhttp's dispatcher: {@link #call} returns at once and its
 * future always completes with a result, failures included, never exceptionally. Cancelling the
 * future (the caller hung up) cancels the request. Logs name the tool and its URL template, never
 * header values or the arguments.
 */
public final class HttpToolCaller {

    private static final Logger log = LoggerFactory.getLogger(HttpToolCaller.class);
    // "123 abc" is text, not the number 123
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    // how much of a 4xx/5xx answer the model sees: an API's error message, not a page of HTML
    private static final int MAX_ERROR_BODY_CHARS = 500;

    private final OkHttpClient client;
    private final CallClock clock;

    /**
     * @param client the server's shared client ({@code provider.SharedResources#http})
     * @param clock  times each call for {@link HttpToolResult#elapsedMillis}
     */
    public HttpToolCaller(OkHttpClient client, CallClock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Calls {@code spec} with the model's arguments if {@code budget} admits it; a refused call is a
     * result at once, and an admitted one gives its slot back when it ends, cancelled included.
     */
    public CompletableFuture<HttpToolResult> call(HttpToolSpec spec, ToolCall toolCall, Map<String, String> variables,
            ToolCallBudget budget) {
        ToolCallBudget.Admission admission = budget.admitHttp();
        if (admission != ToolCallBudget.Admission.ADMITTED) {
            return CompletableFuture.completedFuture(HttpToolResult.refused(budget.refusal(admission)));
        }
        CompletableFuture<HttpToolResult> result = call(spec, toolCall, variables);
        result.whenComplete((r, e) -> budget.httpFinished());
        return result;
    }

    /**
     * Calls {@code spec} with the model's arguments and the call's variables.
     *
     * @return completes on an okhttp thread (or at once for invalid arguments); cancel it to cancel the request
     */
    public CompletableFuture<HttpToolResult> call(HttpToolSpec spec, ToolCall toolCall, Map<String, String> variables) {
        long start = clock.nanoTime();
        if (!toolCall.valid()) {
            return CompletableFuture.completedFuture(HttpToolResult.failure("invalid call: " + toolCall.error(), 0, 0, null));
        }
        if (!spec.name().equals(toolCall.name())) {
            return CompletableFuture.completedFuture(HttpToolResult.failure(
                    "this is tool " + spec.name() + ", not " + toolCall.name(), 0, 0, null));
        }
        JsonNode arguments = toolCall.parsed() == null ? JsonNodeFactory.instance.objectNode() : toolCall.parsed();
        List<String> invalid = JsonSchema.OPEN.check(spec.parameters(), arguments);
        if (!invalid.isEmpty()) {
            return CompletableFuture.completedFuture(HttpToolResult.failure(
                    "invalid arguments: " + String.join("; ", invalid), 0, 0, null));
        }
        Request request;
        try {
            request = request(spec, arguments, variables == null ? Map.of() : variables);
        } catch (Template.MissingArgumentException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(HttpToolResult.failure(
                    "cannot build the request: " + e.getMessage(), 0, 0, null));
        }
        CompletableFuture<HttpToolResult> future = new CompletableFuture<>();
        Call call = client.newCall(request);
        call.timeout().timeout(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        future.whenComplete((r, e) -> {
            if (future.isCancelled()) {
                call.cancel();
            }
        });
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call c, Response response) {
                HttpToolResult result;
                try (response) {
                    result = answer(spec, response, start);
                } catch (IOException e) {
                    result = failed(spec, e, start);
                }
                finish(spec, future, result);
            }

            @Override
            public void onFailure(Call c, IOException e) {
                finish(spec, future, failed(spec, e, start));
            }
        });
        return future;
    }

    private static Request request(HttpToolSpec spec, JsonNode arguments, Map<String, String> variables) {
        HttpToolSpec.Request template = spec.request();
        String url = template.url().render(arguments, variables, HttpToolCaller::encode);
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new IllegalArgumentException("not a valid URL after filling in the arguments");
        }
        Request.Builder builder = new Request.Builder().url(parsed).header("Accept", "application/json");
        // okhttp refuses control characters in header values with IllegalArgumentException
        template.headers().forEach((name, value) -> builder.header(name,
                value.render(arguments, variables, s -> s)));
        RequestBody body = null;
        if (template.body() != null) {
            body = RequestBody.create(template.body().render(arguments, variables).toString(), JSON_TYPE);
        } else if (List.of("POST", "PUT", "PATCH").contains(spec.method())) {
            body = RequestBody.create(arguments.toString(), JSON_TYPE);
        }
        return builder.method(spec.method(), body).build();
    }

    /**
     * Percent-encodes a value for a path segment or a query: every octet of its UTF-8 form except the
     * unreserved characters, so a '/', '?', '&amp;' or '#' in a value cannot change the URL's structure.
     */
    static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            // RFC 3986 §2.3: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                // RFC 3986 §2.1: pct-encoded = "%" HEXDIG HEXDIG, uppercase hexadecimal digits
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private HttpToolResult answer(HttpToolSpec spec, Response response, long start) throws IOException {
        int status = response.code();
        ResponseBody body = response.body();
        int cap = spec.maxResponseBytes();
        BufferedSource source = body.source();
        // reads until cap + 1 bytes are buffered or the answer ends, never more, whatever its length
        boolean tooBig = source.request(cap + 1L);
        byte[] bytes = tooBig ? source.readByteArray(cap) : source.readByteArray();
        Charset charset = body.contentType() == null ? StandardCharsets.UTF_8
                : body.contentType().charset(StandardCharsets.UTF_8);
        String text = new String(bytes, charset);
        long elapsed = elapsedMillis(start);
        if (status < 200 || status > 299) {
            ObjectNode extra = JsonNodeFactory.instance.objectNode();
            JsonNode error = tooBig ? null : json(text);
            if (error != null && error.toString().length() <= MAX_ERROR_BODY_CHARS) {
                extra.set("body", error);
            } else if (!text.isBlank()) {
                extra.put("body", cut(text, MAX_ERROR_BODY_CHARS));
            }
            return HttpToolResult.failure("HTTP " + status, status, elapsed, extra);
        }
        if (tooBig) {
            ObjectNode extra = JsonNodeFactory.instance.objectNode().put("partial", withoutBrokenTail(text));
            return HttpToolResult.failure("answer too long: more than " + cap + " bytes, cut", status, elapsed, extra);
        }
        if (text.isBlank()) {
            return HttpToolResult.success(JsonNodeFactory.instance.objectNode().put("status", status).toString(),
                    status, elapsed);
        }
        JsonNode parsed = json(text);
        return HttpToolResult.success(parsed != null ? parsed.toString() : TextNode.valueOf(text).toString(),
                status, elapsed);
    }

    private HttpToolResult failed(HttpToolSpec spec, IOException e, long start) {
        long elapsed = elapsedMillis(start);
        String why;
        if (e instanceof InterruptedIOException) {
            why = "no answer within " + spec.timeout().toMillis() + " ms";
        } else if (e instanceof ConnectException) {
            why = "cannot connect to the service";
        } else if (e instanceof UnknownHostException) {
            why = "unknown host";
        } else {
            why = "request failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage());
        }
        return HttpToolResult.failure(why, 0, elapsed, null);
    }

    private static void finish(HttpToolSpec spec, CompletableFuture<HttpToolResult> future, HttpToolResult result) {
        if (future.isCancelled()) {
            return;
        }
        if (result.ok()) {
            log.info("http tool {}: {} {} answered {} in {} ms", spec.name(), spec.method(), spec.url(),
                    result.status(), result.elapsedMillis());
        } else {
            log.warn("http tool {}: {} {} failed in {} ms: {}", spec.name(), spec.method(), spec.url(),
                    result.elapsedMillis(), result.error());
        }
        future.complete(result);
    }

    private long elapsedMillis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - start);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String cut(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars) + "…";
    }

    // a cut can split a UTF-8 sequence: its bytes decode to replacement characters
    private static String withoutBrokenTail(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\uFFFD') {
            end--;
        }
        return text.substring(0, end);
    }
}
