package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.llm.ChatMessage;
import io.callrobot.llm.LlmConfig;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.llm.OpenAiChatEngine;
import io.callrobot.llm.OpenAiChatEngine.ToolSupport;
import io.callrobot.llm.ToolDefinition;
import io.callrobot.llm.ToolsUnsupportedException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The start-up tool-support check against the fake server, in each {@code llm.tools} mode. */
class ToolSupportCheckTest {

    private static final Duration CHECK = Duration.ofSeconds(5);

    private static FakeLlmServer.Settings fast() {
        return FakeLlmServer.Settings.defaults().withDelays(Duration.ofMillis(20), Duration.ofMillis(2));
    }

    private static LlmConfig config(String url, String tools) {
        return new LlmConfig(url, "qwen2.5:7b-instruct", null, 0.3, 256, "max_completion_tokens", true, tools,
                Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** Streams one request with a tool and returns what the answer said, or the failure's message. */
    private static String ask(OpenAiChatEngine engine) throws Exception {
        CompletableFuture<String> end = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        engine.stream(new LlmRequest("call-1", List.of(ChatMessage.user("喂")),
                List.of(new ToolDefinition("end_call", "结束通话", null)), null), new LlmListener() {
                    @Override
                    public void onToken(String token) {
                        text.append(token);
                    }

                    @Override
                    public void onComplete() {
                        end.complete(text.toString());
                    }

                    @Override
                    public void onFailure(Throwable error) {
                        end.complete("failed: " + error.getMessage());
                    }
                });
        return end.get(20, TimeUnit.SECONDS);
    }

    @Test
    void autoWithToolSupportSendsOneOneTokenProbeAndKeepsTools() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast()).start()) {
            OpenAiChatEngine engine = new OpenAiChatEngine(config(server.url(), "auto"));

            assertThat(engine.checkTools(CHECK)).isEqualTo(ToolSupport.SUPPORTED);

            assertThat(server.oneTokenRequests()).singleElement().satisfies(probe -> {
                assertThat(probe.path("max_completion_tokens").asInt()).isEqualTo(1);
                assertThat(probe.path("tools")).hasSize(1);
                assertThat(probe.has("tool_choice")).as("auto, as every call sends it").isFalse();
            });
            assertThat(engine.sendsTools()).isTrue();
            ask(engine);
            assertThat(server.requestBodies().getFirst().has("tools")).isTrue();
        }
    }

    @Test
    void autoWithoutToolSupportTurnsToolsOffAndTheModelOnlyTalks() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast().withFault(FakeLlmServer.Fault.TOOLS_UNSUPPORTED)).start()) {
            OpenAiChatEngine engine = new OpenAiChatEngine(config(server.url(), "auto"));

            assertThat(engine.checkTools(CHECK)).isEqualTo(ToolSupport.UNSUPPORTED);

            assertThat(engine.sendsTools()).isFalse();
            assertThat(ask(engine)).isEqualTo(FakeLlmServer.Settings.defaults().answer());
            assertThat(server.requestBodies()).singleElement()
                    .satisfies(body -> assertThat(body.has("tools")).isFalse());
        }
    }

    @Test
    void requiredWithoutToolSupportRefusesNamingModelUrlAndFix() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast().withFault(FakeLlmServer.Fault.TOOLS_UNSUPPORTED)).start()) {
            OpenAiChatEngine engine = new OpenAiChatEngine(config(server.url(), "required"));

            assertThatThrownBy(() -> engine.checkTools(CHECK)).isInstanceOf(ToolsUnsupportedException.class)
                    .hasMessageContaining("'qwen2.5:7b-instruct'")
                    .hasMessageContaining(server.url() + "/chat/completions")
                    .hasMessageContaining("--enable-auto-tool-choice")
                    .hasMessageContaining("llm.tools: off");
        }
    }

    @Test
    void requiredWithToolSupportPasses() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast()).start()) {
            OpenAiChatEngine engine = new OpenAiChatEngine(config(server.url(), "required"));

            assertThat(engine.checkTools(CHECK)).isEqualTo(ToolSupport.SUPPORTED);
            assertThat(engine.sendsTools()).isTrue();
        }
    }

    @Test
    void offNeverAsksNorSendsTools() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast().withFault(FakeLlmServer.Fault.TOOLS_UNSUPPORTED)).start()) {
            OpenAiChatEngine engine = new OpenAiChatEngine(config(server.url(), "off"));

            assertThat(engine.checkTools(CHECK)).isEqualTo(ToolSupport.OFF);

            assertThat(server.oneTokenRequests()).isEmpty();
            assertThat(ask(engine)).isEqualTo(FakeLlmServer.Settings.defaults().answer());
            assertThat(server.requestBodies()).singleElement()
                    .satisfies(body -> assertThat(body.has("tools")).isFalse());
        }
    }

    @Test
    void anUnreachableServerIsOnlyAWarningAndToolsStayOn() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiChatEngine engine = new OpenAiChatEngine(config("http://127.0.0.1:" + closedPort + "/v1", "required"));

        assertThat(engine.checkTools(CHECK)).isEqualTo(ToolSupport.UNKNOWN);
        assertThat(engine.sendsTools()).isTrue();
    }

    @Test
    void aServerTooSlowToAnswerIsOnlyAWarningAndToolsStayOn() throws Exception {
        FakeLlmServer.Settings slow = fast().withDelays(Duration.ofSeconds(30), Duration.ofMillis(2));
        try (FakeLlmServer server = new FakeLlmServer(slow).start()) {
            OpenAiChatEngine engine = new OpenAiChatEngine(config(server.url(), "required"));

            assertThat(engine.checkTools(Duration.ofMillis(300))).isEqualTo(ToolSupport.UNKNOWN);
            assertThat(engine.sendsTools()).isTrue();
        }
    }

    @Test
    void aCallRefusedAtRunTimeFallsBackAndLaterCallsSendNoTools() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast().withFault(FakeLlmServer.Fault.TOOLS_UNSUPPORTED)).start()) {
            // the server passed the check (or was down then), and now refuses tools
            OpenAiChatEngine engine = new OpenAiChatEngine(config(server.url(), "auto"));

            assertThat(ask(engine)).isEqualTo(FakeLlmServer.Settings.defaults().answer());
            assertThat(ask(engine)).isEqualTo(FakeLlmServer.Settings.defaults().answer());

            assertThat(server.requestBodies()).extracting(body -> body.has("tools"))
                    .as("refused with tools, asked again without, then never with").containsExactly(true, false, false);
            assertThat(engine.sendsTools()).isFalse();
        }
    }
}
