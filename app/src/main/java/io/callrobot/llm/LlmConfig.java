package io.callrobot.llm;

import java.time.Duration;
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
 * @param maxTokens      answer length limit sent as {@code max_tokens}
 * @param connectTimeout TCP/TLS connect time-out
 * @param readTimeout    longest silence between two reads of the stream before the call fails
 */
public record LlmConfig(String baseUrl, String model, String apiKey, double temperature, int maxTokens,
                        Duration connectTimeout, Duration readTimeout) {

    public LlmConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
    }

    /** A local Ollama server's OpenAI-compatible API with Qwen 2.5 7B, no key. */
    public static LlmConfig defaults() {
        return new LlmConfig("http://127.0.0.1:11434/v1", "qwen2.5:7b-instruct", null, 0.7, 512,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "LlmConfig[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (hasApiKey() ? "***" : "none")
                + ", temperature=" + temperature + ", maxTokens=" + maxTokens
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
