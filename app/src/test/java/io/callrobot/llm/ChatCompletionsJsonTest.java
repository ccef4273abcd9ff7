package io.callrobot.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire format on recorded-style strings: tool definitions and messages out, streamed tool calls in. */
class ChatCompletionsJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ChatCompletionsJson json = new ChatCompletionsJson(mapper);
    private final LlmConfig config = new LlmConfig("http://127.0.0.1:1/v1", "qwen-plus", null, 0.3, 256,
            "max_completion_tokens", false, "auto", Duration.ofSeconds(5), Duration.ofSeconds(10));

    private ToolDefinition endCall() throws Exception {
        return new ToolDefinition("end_call", "结束通话并记录结果", mapper.readTree(
                "{\"type\":\"object\",\"properties\":{\"result\":{\"type\":\"string\"}},\"required\":[\"result\"]}"));
    }

    private ToolDefinition lookupOrder() {
        return new ToolDefinition("lookup_order", "查询订单", null);
    }

    private JsonNode body(LlmConfig with, LlmRequest request) throws Exception {
        return mapper.readTree(json.requestBody(with, request));
    }

    /** Feeds each data line through the parser and the assembler, as the stream does. */
    private Streamed stream(String... dataLines) {
        ToolCallAssembler assembler = json.toolCallAssembler();
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (String data : dataLines) {
            ChatCompletionsJson.Delta delta = json.parseChunk(data);
            if (delta.content() != null) {
                text.append(delta.content());
            }
            if (delta.finishReason() != null) {
                finish = delta.finishReason();
            }
            delta.toolCalls().forEach(assembler::add);
        }
        return new Streamed(text.toString(), finish, assembler.calls());
    }

    private record Streamed(String text, String finishReason, List<ToolCall> calls) {
    }

    @Test
    void sendsToolsAsFunctionsWithTheirSchemas() throws Exception {
        JsonNode body = body(config, new LlmRequest("c", List.of(ChatMessage.user("我下周五还")),
                List.of(endCall(), lookupOrder()), null));

        assertThat(body.get("tools")).hasSize(2);
        assertThat(body.at("/tools/0/type").asText()).isEqualTo("function");
        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("end_call");
        assertThat(body.at("/tools/0/function/description").asText()).isEqualTo("结束通话并记录结果");
        assertThat(body.at("/tools/0/function/parameters")).isEqualTo(endCall().parameters());
        assertThat(body.at("/tools/1/function/name").asText()).isEqualTo("lookup_order");
        assertThat(body.at("/tools/1/function").has("parameters")).isFalse();
        assertThat(body.has("tool_choice")).as("left to the server's default").isFalse();
    }

    @Test
    void toolChoiceIsAStringOrANamedFunction() throws Exception {
        List<ChatMessage> messages = List.of(ChatMessage.user("喂"));
        List<ToolDefinition> tools = List.of(endCall());
        assertThat(body(config, new LlmRequest("c", messages, tools, ToolChoice.AUTO)).get("tool_choice").asText())
                .isEqualTo("auto");
        assertThat(body(config, new LlmRequest("c", messages, tools, ToolChoice.NONE)).get("tool_choice").asText())
                .isEqualTo("none");
        assertThat(body(config, new LlmRequest("c", messages, tools, ToolChoice.REQUIRED)).get("tool_choice").asText())
                .isEqualTo("required");
        assertThat(body(config, new LlmRequest("c", messages, tools, ToolChoice.function("end_call")))
                .get("tool_choice").toString())
                .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"end_call\"}}");
    }

    @Test
    void toolsOffSendsNeitherToolsNorToolChoice() throws Exception {
        JsonNode body = body(config.withTools("off"), new LlmRequest("c", List.of(ChatMessage.user("喂")),
                List.of(endCall()), ToolChoice.REQUIRED));

        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void sendsTheAssistantToolCallsAndTheToolResultBack() throws Exception {
        ToolCall call = new ToolCall("call_1", "lookup_order", "{\"order\":\"A12\"}",
                mapper.readTree("{\"order\":\"A12\"}"), null);
        ToolCall bare = new ToolCall("call_2", "lookup_order", "", mapper.createObjectNode(), null);
        JsonNode body = body(config, new LlmRequest("c", List.of(
                ChatMessage.user("我的订单到哪了"),
                ChatMessage.assistant("我帮您查一下。", List.of(call)),
                ChatMessage.tool("call_1", "{\"status\":\"已发货\"}"),
                ChatMessage.assistant(null, List.of(bare)),
                ChatMessage.tool("call_2", "error: timeout")), List.of(lookupOrder()), null));

        JsonNode assistant = body.at("/messages/1");
        assertThat(assistant.get("role").asText()).isEqualTo("assistant");
        assertThat(assistant.get("content").asText()).isEqualTo("我帮您查一下。");
        assertThat(assistant.get("tool_calls").toString()).isEqualTo("[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"lookup_order\",\"arguments\":\"{\\\"order\\\":\\\"A12\\\"}\"}}]");
        JsonNode tool = body.at("/messages/2");
        assertThat(tool.get("role").asText()).isEqualTo("tool");
        assertThat(tool.get("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(tool.get("content").asText()).isEqualTo("{\"status\":\"已发货\"}");
        assertThat(body.at("/messages/3/content").isNull()).as("content null when only calling tools").isTrue();
        assertThat(body.at("/messages/3/tool_calls/0/function/arguments").asText()).isEqualTo("{}");
        assertThat(body.at("/messages/0").has("tool_calls")).isFalse();
        assertThat(body.at("/messages/0").has("tool_call_id")).isFalse();
    }

    @Test
    void badRequestsAreRefusedNamingTheProblem() throws Exception {
        ToolDefinition tool = endCall();
        List<ChatMessage> messages = List.of(ChatMessage.user("喂"));
        assertThatThrownBy(() -> new ToolDefinition("end call", null, null)).hasMessageContaining("'end call'");
        assertThatThrownBy(() -> new ToolDefinition("x", null, mapper.readTree("[1]")))
                .hasMessageContaining("JSON Schema object");
        assertThatThrownBy(() -> new LlmRequest("c", messages, List.of(tool, tool), null))
                .hasMessageContaining("end_call is defined twice");
        assertThatThrownBy(() -> new LlmRequest("c", messages, List.of(tool), ToolChoice.function("transfer")))
                .hasMessageContaining("transfer");
        assertThatThrownBy(() -> new LlmRequest("c", messages, List.of(), ToolChoice.AUTO))
                .hasMessageContaining("without tools");
        assertThatThrownBy(() -> new ToolChoice("any", null)).hasMessageContaining("any");
        assertThatThrownBy(() -> new ChatMessage("tool", "x", List.of(), null)).hasMessageContaining("id");
        assertThatThrownBy(() -> new LlmConfig("http://h/v1", "m", null, 0, 1, "max_tokens", false, "maybe",
                Duration.ofSeconds(1), Duration.ofSeconds(1))).hasMessageContaining("tools").hasMessageContaining("maybe");
    }

    // OpenAI's shape: id, type and name in the first fragment of each call, then argument pieces under its index
    private static final String[] OPENAI_TWO_CALLS = {
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"record_fields\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"prom\"}}]},\"finish_reason\":null}]}",
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ise_date\\\": \\\"2026-\"}}]},\"finish_reason\":null}]}",
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"05-08\\\"}\"}}]},\"finish_reason\":null}]}",
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_def\",\"type\":\"function\",\"function\":{\"name\":\"end_call\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"result\\\":\"}}]},\"finish_reason\":null}]}",
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\"promised\\\"}\"}}]},\"finish_reason\":null}]}",
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
    };

    @Test
    void joinsTwoOpenAiCallsWithArgumentsInPieces() {
        Streamed streamed = stream(OPENAI_TWO_CALLS);

        assertThat(streamed.finishReason()).isEqualTo("tool_calls");
        assertThat(streamed.text()).isEmpty();
        assertThat(streamed.calls()).hasSize(2);
        ToolCall first = streamed.calls().get(0);
        assertThat(first.id()).isEqualTo("call_abc");
        assertThat(first.name()).isEqualTo("record_fields");
        assertThat(first.arguments()).isEqualTo("{\"promise_date\": \"2026-05-08\"}");
        assertThat(first.parsed().get("promise_date").asText()).isEqualTo("2026-05-08");
        assertThat(first.valid()).isTrue();
        ToolCall second = streamed.calls().get(1);
        assertThat(second.id()).isEqualTo("call_def");
        assertThat(second.name()).isEqualTo("end_call");
        assertThat(second.parsed().get("result").asText()).isEqualTo("promised");
    }

    @Test
    void joinsDashScopeFragmentsThatRepeatTypeAndIdButNotTheName() {
        // DashScope compatible mode (Model Studio "Function Calling", streaming): later fragments repeat
        // type and carry id "" (or the same id); the name comes only first; role and content null in the first chunk
        Streamed streamed = stream(
                "{\"choices\":[{\"delta\":{\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_0bdc\",\"type\":\"function\",\"function\":{\"name\":\"get_current_weather\",\"arguments\":\"{\\\"location\\\":\"}}],\"role\":\"assistant\"},\"finish_reason\":null,\"index\":0,\"logprobs\":null}],\"object\":\"chat.completion.chunk\",\"usage\":null,\"model\":\"qwen-plus\",\"id\":\"chatcmpl-6b9f\"}",
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\" \\\"杭州\"},\"index\":0,\"id\":\"\",\"type\":\"function\"}]},\"index\":0}],\"object\":\"chat.completion.chunk\",\"usage\":null,\"model\":\"qwen-plus\",\"id\":\"chatcmpl-6b9f\"}",
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"市\\\"}\"},\"index\":0,\"id\":\"call_0bdc\",\"type\":\"function\"}]},\"index\":0}],\"object\":\"chat.completion.chunk\",\"usage\":null,\"model\":\"qwen-plus\",\"id\":\"chatcmpl-6b9f\"}",
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{},\"index\":0,\"id\":\"\",\"type\":\"function\"}]},\"index\":0}],\"object\":\"chat.completion.chunk\",\"usage\":null,\"model\":\"qwen-plus\",\"id\":\"chatcmpl-6b9f\"}",
                "{\"choices\":[{\"finish_reason\":\"tool_calls\",\"delta\":{},\"index\":0,\"logprobs\":null}],\"object\":\"chat.completion.chunk\",\"usage\":null,\"model\":\"qwen-plus\",\"id\":\"chatcmpl-6b9f\"}");

        assertThat(streamed.calls()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("call_0bdc");
            assertThat(call.name()).isEqualTo("get_current_weather");
            assertThat(call.parsed().get("location").asText()).isEqualTo("杭州市");
        });
        assertThat(streamed.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void textStreamedBeforeACallStaysText() {
        Streamed streamed = stream(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"好的，\"},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"我帮您转人工。\"},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_t\",\"type\":\"function\",\"function\":{\"name\":\"transfer\",\"arguments\":\"{\\\"to\\\":\\\"agent\\\"}\"}}]},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");

        assertThat(streamed.text()).isEqualTo("好的，我帮您转人工。");
        assertThat(streamed.calls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("transfer");
            assertThat(call.parsed().get("to").asText()).isEqualTo("agent");
        });
    }

    @Test
    void badArgumentsArriveAsStreamedWithTheParseError() {
        Streamed streamed = stream(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_x\",\"type\":\"function\",\"function\":{\"name\":\"end_call\",\"arguments\":\"{\\\"result\\\": promised\"}}]},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_y\",\"type\":\"function\",\"function\":{\"name\":\"goto\",\"arguments\":\"[\\\"node\\\"]\"}}]},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":2,\"id\":\"call_z\",\"type\":\"function\",\"function\":{\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");

        assertThat(streamed.calls()).hasSize(3);
        ToolCall broken = streamed.calls().get(0);
        assertThat(broken.valid()).isFalse();
        assertThat(broken.arguments()).isEqualTo("{\"result\": promised");
        assertThat(broken.parsed()).isNull();
        assertThat(broken.error()).contains("end_call").contains("not valid JSON");
        assertThat(streamed.calls().get(1).error()).contains("not a JSON object");
        assertThat(streamed.calls().get(2).error()).contains("no function name");
    }

    @Test
    void callsWithoutIndexOrIdAreStillSeparatedAndNamed() {
        Streamed streamed = stream(
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\"\"}}]}}]}",
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\":1}\"}}]}}]}",
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"b\",\"function\":{\"name\":\"g\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"h\"}}]}}]}");

        assertThat(streamed.calls()).extracting(ToolCall::id, ToolCall::name, ToolCall::arguments)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "f", "{\"x\":1}"),
                        org.assertj.core.groups.Tuple.tuple("b", "g", ""));
        assertThat(stream(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":3,\"function\":{\"name\":\"h\"}}]}}]}")
                .calls()).singleElement().satisfies(call -> {
                    assertThat(call.id()).isEqualTo("call_3");
                    assertThat(call.parsed().isEmpty()).isTrue();
                });
    }

    @Test
    void recognisesServersWithoutToolSupport() {
        assertThat(ChatCompletionsJson.saysToolsUnsupported(
                "{\"object\":\"error\",\"message\":\"\\\"auto\\\" tool choice requires --enable-auto-tool-choice and "
                        + "--tool-call-parser to be set\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"))
                .isTrue();
        assertThat(ChatCompletionsJson.saysToolsUnsupported("{\"error\":{\"message\":\"registry.ollama.ai/library/"
                + "gemma3:4b does not support tools\",\"type\":\"api_error\",\"param\":null,\"code\":null}}")).isTrue();
        assertThat(ChatCompletionsJson.saysToolsUnsupported("{\"error\":{\"message\":\"max_tokens is too large\"}}"))
                .isFalse();
        assertThat(json.errorMessage("{\"object\":\"error\",\"message\":\"bad\",\"code\":400}")).isEqualTo("bad");
        assertThat(json.errorMessage("{\"error\":\"qwen:4b does not support tools\"}"))
                .isEqualTo("qwen:4b does not support tools");
    }
}
