package io.callrobot.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of an OpenAI-compatible chat-completions endpoint (OpenAI, DashScope compatible mode,
 * DeepSeek, vLLM, Ollama).
 *
 * @param baseUrl        API root without the trailing {@code /chat/completions}, e.g. {@code https://api.openai.com/v1}
 * @param model          model name sent as {@code model}
 * @param apiKey         bearer token, or null/blank for servers without authentication; the caller
 *                       resolves it from the environment, never from a configuration file
 * @param temperature    sampling temperature sent as {@code temperature}
 * @param maxTokens      answer length limit, sent under {@code maxTokensField}
 * @param maxTokensField {@code max_completion_tokens} (what OpenAI documents; its o-series models refuse
 *                       {@code max_tokens}) or {@code max_tokens} for compatible servers that only know that
 * @param streamUsage    ask for {@code stream_options: {include_usage: true}}, a last chunk with the answer's
 *                       token usage (OpenAI API reference, "stream_options"); off for servers that refuse it
 * @param tools          {@code auto}: requests that define tools send them, and a start-up probe that finds the
 *                       server without tool support turns them off with a warning; {@code required}: the same,
 *                       but a server without tool support stops the start-up; {@code off}: tools are never
 *                       sent, for models and servers without tool calling
 * @param connectTimeout TCP/TLS connect time-out
 * @param readTimeout    longest silence between two reads of the stream before the call fails
 * @param summary        {@code on}: flows with a {@code summary:} block get a post-call summary; {@code off}: no flow does
 */
public record LlmConfig(String baseUrl, String model, String apiKey, double temperature, int maxTokens,
                        String maxTokensField, boolean streamUsage, String tools, Duration connectTimeout, Duration readTimeout,
                        String summary) {

    private static final List<String> MAX_TOKENS_FIELDS = List.of("max_completion_tokens", "max_tokens");
    private static final List<String> TOOLS = List.of("auto", "required", "off");
    private static final List<String> SUMMARY = List.of("on", "off");

    public LlmConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        if (!MAX_TOKENS_FIELDS.contains(maxTokensField)) {
            throw new IllegalArgumentException("maxTokensField must be one of " + MAX_TOKENS_FIELDS + ": "
                    + maxTokensField);
        }
        if (!TOOLS.contains(tools)) {
            throw new IllegalArgumentException("tools must be one of " + TOOLS + ": " + tools);
        }
        // YAML 1.1 reads an unquoted on/off as a boolean, which reaches this string as true/false
        summary = "true".equals(summary) ? "on" : "false".equals(summary) ? "off" : summary;
        if (!SUMMARY.contains(summary)) {
            throw new IllegalArgumentException("summary must be one of " + SUMMARY + ": " + summary);
        }
    }

    /** An endpoint with post-call summaries on. */
    public LlmConfig(String baseUrl, String model, String apiKey, double temperature, int maxTokens,
            String maxTokensField, boolean streamUsage, String tools, Duration connectTimeout, Duration readTimeout) {
        this(baseUrl, model, apiKey, temperature, maxTokens, maxTokensField, streamUsage, tools, connectTimeout,
                readTimeout, "on");
    }

    /** A local Ollama server's OpenAI-compatible API with Qwen 2.5 7B, no key, OpenAI's field names, usage asked, tools sent. */
    public static LlmConfig defaults() {
        return new LlmConfig("http://127.0.0.1:11434/v1", "qwen2.5:7b-instruct", null, 0.7, 512,
                "max_completion_tokens", true, "auto", Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** The same endpoint with another length limit field and usage setting. */
    public LlmConfig withFields(String otherMaxTokensField, boolean otherStreamUsage) {
        return new LlmConfig(baseUrl, model, apiKey, temperature, maxTokens, otherMaxTokensField, otherStreamUsage,
                tools, connectTimeout, readTimeout, summary);
    }

    /** The same endpoint with tools {@code auto}, {@code required} or {@code off}. */
    public LlmConfig withTools(String otherTools) {
        return new LlmConfig(baseUrl, model, apiKey, temperature, maxTokens, maxTokensField, streamUsage, otherTools,
                connectTimeout, readTimeout, summary);
    }

    /** Whether flows that ask for a post-call summary get one ({@code llm.summary: on}). */
    public boolean summaryEnabled() {
        return summary.equals("on");
    }

    /** Whether requests that define tools send them ({@code tools: auto} or {@code required}). */
    public boolean toolsEnabled() {
        return !tools.equals("off");
    }

    /** Whether a server without tool support must stop the start-up ({@code tools: required}). */
    public boolean toolsRequired() {
        return tools.equals("required");
    }

    /** The same endpoint with another length limit, e.g. a one-token probe. */
    LlmConfig withMaxTokens(int otherMaxTokens) {
        return new LlmConfig(baseUrl, model, apiKey, temperature, otherMaxTokens, maxTokensField, streamUsage, tools,
                connectTimeout, readTimeout, summary);
    }

    boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "LlmConfig[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (hasApiKey() ? "***" : "none")
                + ", temperature=" + temperature + ", maxTokens=" + maxTokens + ", maxTokensField=" + maxTokensField
                + ", streamUsage=" + streamUsage + ", tools=" + tools + ", summary=" + summary
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
