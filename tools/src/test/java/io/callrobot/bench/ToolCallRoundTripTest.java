package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.llm.ChatMessage;
import io.callrobot.llm.LlmConfig;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.llm.OpenAiChatEngine;
import io.callrobot.llm.ToolCall;
import io.callrobot.llm.ToolChoice;
import io.callrobot.llm.ToolDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client against the fake server: the model calls a tool, the result goes back, the spoken answer streams. */
class ToolCallRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one stream delivered; the future completes on the terminal callback with null or the error. */
    private static final class Recorded extends LlmListener {
        final StringBuilder text = new StringBuilder();
        final List<List<ToolCall>> calls = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> end = new CompletableFuture<>();

        @Override
        public void onToken(String token) {
            text.append(token);
            events.add("token");
        }

        @Override
        public void onToolCalls(List<ToolCall> toolCalls) {
            calls.add(toolCalls);
            events.add("toolCalls");
        }

        @Override
        public void onComplete() {
            events.add("complete");
            end.complete(null);
        }

        @Override
        public void onFailure(Throwable error) {
            events.add("failure");
            end.complete(error);
        }

        Throwable await() throws Exception {
            return end.get(20, TimeUnit.SECONDS);
        }
    }

    private static LlmConfig config(FakeLlmServer server) {
        return new LlmConfig(server.url(), "qwen-plus", null, 0.3, 256, "max_completion_tokens", true, "auto",
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static List<ToolDefinition> tools() throws Exception {
        return List.of(new ToolDefinition("lookup_order", "查询订单状态", JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},\"required\":[\"order\"]}")),
                new ToolDefinition("end_call", "结束通话", null));
    }

    private static FakeLlmServer.Settings fast() {
        return FakeLlmServer.Settings.defaults().withDelays(Duration.ofMillis(20), Duration.ofMillis(2));
    }

    private void roundTrip(FakeLlmServer.Dialect dialect) throws Exception {
        FakeLlmServer.Settings settings = fast().withScript(
                FakeLlmServer.ScriptedAnswer.calls("我帮您查一下。",
                        new FakeLlmServer.ScriptedCall("call_7", "lookup_order", "{\"order\": \"A12\"}")).in(dialect),
                FakeLlmServer.ScriptedAnswer.text("您的订单已发货，预计明天送达。"));
        try (FakeLlmServer server = new FakeLlmServer(settings).start()) {
            OpenAiChatEngine engine = new OpenAiChatEngine(config(server));
            List<ChatMessage> history = new ArrayList<>(List.of(ChatMessage.system("你是快递客服。"),
                    ChatMessage.user("我的订单A12到哪了？")));

            Recorded first = new Recorded();
            engine.stream(new LlmRequest("call-1", history, tools(), ToolChoice.AUTO), first);
            assertThat(first.await()).isNull();
            assertThat(first.text.toString()).isEqualTo("我帮您查一下。");
            assertThat(first.events).endsWith("toolCalls", "complete").containsOnlyOnce("toolCalls");
            ToolCall call = first.calls.getFirst().getFirst();
            assertThat(call.id()).isEqualTo("call_7");
            assertThat(call.name()).isEqualTo("lookup_order");
            assertThat(call.parsed().get("order").asText()).isEqualTo("A12");

            history.add(ChatMessage.assistant(first.text.toString(), first.calls.getFirst()));
            history.add(ChatMessage.tool(call.id(), "{\"status\":\"已发货\"}"));
            Recorded second = new Recorded();
            engine.stream(new LlmRequest("call-1", history, tools(), ToolChoice.AUTO), second);
            assertThat(second.await()).isNull();
            assertThat(second.text.toString()).isEqualTo("您的订单已发货，预计明天送达。");
            assertThat(second.calls).isEmpty();

            JsonNode sentBack = server.requestBodies().get(1).get("messages");
            assertThat(sentBack).hasSize(4);
            assertThat(sentBack.get(2).get("role").asText()).isEqualTo("assistant");
            assertThat(sentBack.get(2).get("content").asText()).isEqualTo("我帮您查一下。");
            assertThat(sentBack.get(2).at("/tool_calls/0/id").asText()).isEqualTo("call_7");
            assertThat(sentBack.get(2).at("/tool_calls/0/function/name").asText()).isEqualTo("lookup_order");
            assertThat(sentBack.get(2).at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"order\": \"A12\"}");
            assertThat(sentBack.get(3).get("role").asText()).isEqualTo("tool");
            assertThat(sentBack.get(3).get("tool_call_id").asText()).isEqualTo("call_7");
            assertThat(sentBack.get(3).get("content").asText()).isEqualTo("{\"status\":\"已发货\"}");
        }
    }

    @Test
    void openAiCallResultAndSpokenAnswer() throws Exception {
        roundTrip(FakeLlmServer.Dialect.OPENAI);
    }

    @Test
    void dashScopeCallResultAndSpokenAnswer() throws Exception {
        roundTrip(FakeLlmServer.Dialect.DASHSCOPE);
    }

    @Test
    void twoCallsAndABrokenOneInOneTurn() throws Exception {
        FakeLlmServer.Settings settings = fast().withScript(FakeLlmServer.ScriptedAnswer.calls("",
                new FakeLlmServer.ScriptedCall("call_a", "lookup_order", "{\"order\":\"A12\"}"),
                new FakeLlmServer.ScriptedCall("call_b", "end_call", "{\"result\": done")));
        try (FakeLlmServer server = new FakeLlmServer(settings).start()) {
            Recorded recorded = new Recorded();
            new OpenAiChatEngine(config(server)).stream(new LlmRequest("call-1",
                    List.of(ChatMessage.user("查订单然后挂了吧")), tools(), ToolChoice.REQUIRED), recorded);

            assertThat(recorded.await()).isNull();
            assertThat(recorded.events).containsExactly("toolCalls", "complete");
            List<ToolCall> calls = recorded.calls.getFirst();
            assertThat(calls).extracting(ToolCall::id).containsExactly("call_a", "call_b");
            assertThat(calls.get(0).valid()).isTrue();
            assertThat(calls.get(1).valid()).isFalse();
            assertThat(calls.get(1).arguments()).isEqualTo("{\"result\": done");
            assertThat(calls.get(1).error()).contains("not valid JSON");
            assertThat(server.requestBodies().getFirst().get("tool_choice").asText()).isEqualTo("required");
        }
    }

    @Test
    void serverWithoutToolSupportIsAskedAgainWithoutTools() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast().withFault(FakeLlmServer.Fault.TOOLS_UNSUPPORTED)).start()) {
            Recorded recorded = new Recorded();
            new OpenAiChatEngine(config(server)).stream(new LlmRequest("call-1",
                    List.of(ChatMessage.user("喂")), tools(), null), recorded);

            assertThat(recorded.await()).isNull();
            assertThat(recorded.text.toString()).isEqualTo(FakeLlmServer.Settings.defaults().answer());
            assertThat(server.requestBodies()).extracting(body -> body.has("tools")).containsExactly(true, false);

            Recorded off = new Recorded();
            new OpenAiChatEngine(config(server).withTools("off")).stream(new LlmRequest("call-1",
                    List.of(ChatMessage.user("喂")), tools(), null), off);
            assertThat(off.await()).isNull();
            assertThat(off.text.toString()).isEqualTo(FakeLlmServer.Settings.defaults().answer());
            assertThat(server.requestBodies()).hasSize(3);
        }
    }
}
