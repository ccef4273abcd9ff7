package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class FakeLlmServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"qwen-plus\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"我的账单多少钱？\"}]}";

    private final OkHttpClient client = new OkHttpClient();

    private static FakeLlmServer.Settings fast() {
        return FakeLlmServer.Settings.defaults().withDelays(Duration.ofMillis(20), Duration.ofMillis(2));
    }

    private Response post(FakeLlmServer server, String body) throws IOException {
        return client.newCall(new Request.Builder().url(server.url() + "/chat/completions")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
    }

    /** The data fields of the events in the body, read until the body ends. */
    private static List<String> events(Response response) throws IOException {
        List<String> data = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                } else {
                    assertThat(line).as("events are separated by blank lines").isEmpty();
                }
            }
        }
        return data;
    }

    @Test
    void streamsTheAnswerAsChatCompletionChunksThenDone() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast()).start(); Response response = post(server, CHAT)) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/event-stream");
            List<String> data = events(response);
            assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
            StringBuilder answer = new StringBuilder();
            for (int i = 0; i < data.size() - 2; i++) {
                JsonNode chunk = JSON.readTree(data.get(i));
                assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
                assertThat(chunk.get("model").asText()).isEqualTo("qwen-plus");
                JsonNode choice = chunk.get("choices").get(0);
                assertThat(choice.get("index").asInt()).isZero();
                assertThat(choice.get("finish_reason").isNull()).isTrue();
                String token = choice.get("delta").get("content").asText();
                assertThat(token.codePointCount(0, token.length())).isBetween(1, 3);
                answer.append(token);
            }
            assertThat(JSON.readTree(data.get(0)).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            JsonNode last = JSON.readTree(data.get(data.size() - 2)).get("choices").get(0);
            assertThat(last.get("finish_reason").asText()).isEqualTo("stop");
            assertThat(last.get("delta").has("content")).isFalse();
            assertThat(answer.toString()).isEqualTo(FakeLlmServer.Settings.defaults().answer());
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void realisticAnswersTakeTurnsEachStreamedWhole() throws Exception {
        FakeLlmServer.Settings settings = fast().withRealisticAnswers(8);
        try (FakeLlmServer server = new FakeLlmServer(settings).start()) {
            for (int i = 0; i < 2; i++) {
                try (Response response = post(server, CHAT)) {
                    StringBuilder answer = new StringBuilder();
                    for (String data : events(response)) {
                        if (!data.equals("[DONE]")) {
                            answer.append(JSON.readTree(data).at("/choices/0/delta/content").asText());
                        }
                    }
                    assertThat(answer.toString()).isEqualTo(settings.answers().get(i));
                }
            }
        }
        assertThat(settings.answers()).hasSizeGreaterThan(5)
                .allSatisfy(a -> assertThat(Character.UnicodeScript.of(a.codePointAt(0))).isEqualTo(Character.UnicodeScript.HAN));
    }

    @Test
    void tokensCoverTheTextInOneToThreeCharacterPieces() {
        assertThat(FakeLlmServer.tokens("Hi, 好的👍!")).containsExactly("Hi", ",", " 好的", "👍!");
        assertThat(String.join("", FakeLlmServer.tokens(FakeLlmServer.Settings.defaults().answer())))
                .isEqualTo(FakeLlmServer.Settings.defaults().answer());
    }

    @Test
    void status500Fault() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast().withFault(FakeLlmServer.Fault.STATUS_500)).start();
             Response response = post(server, CHAT)) {
            assertThat(response.code()).isEqualTo(500);
            assertThat(JSON.readTree(response.body().string()).at("/error/message").asText()).isNotEmpty();
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void closeHalfWayFaultEndsTheStreamEarly() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast().withFault(FakeLlmServer.Fault.CLOSE_HALF_WAY)).start();
             Response response = post(server, CHAT)) {
            assertThat(response.code()).isEqualTo(200);
            assertThatThrownBy(() -> events(response)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void rejectsNonStreamingRequestsAndUnknownPaths() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast()).start()) {
            try (Response response = post(server, "{\"messages\":[]}")) {
                assertThat(response.code()).isEqualTo(400);
            }
            try (Response response = client.newCall(new Request.Builder().url(server.url() + "/models").build())
                    .execute()) {
                assertThat(response.code()).isEqualTo(404);
            }
        }
    }

    private static final String WITH_TOOLS = "{\"model\":\"qwen-plus\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"下周五还\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"end_call\"}}]}";

    /** The tool_calls fragments of the streamed chunks, in order. */
    private static List<JsonNode> fragments(List<String> data) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String d : data) {
            if (!d.equals("[DONE]")) {
                JSON.readTree(d).at("/choices/0/delta/tool_calls").forEach(out::add);
            }
        }
        return out;
    }

    private static String finishReason(List<String> data) throws IOException {
        return JSON.readTree(data.get(data.size() - 2)).at("/choices/0/finish_reason").asText();
    }

    @Test
    void scriptedCallsStreamTheOpenAiWayTwoInOneTurn() throws Exception {
        FakeLlmServer.Settings settings = fast().withScript(FakeLlmServer.ScriptedAnswer.calls("",
                new FakeLlmServer.ScriptedCall("call_1", "record_fields", "{\"promise_date\":\"2026-05-08\"}"),
                new FakeLlmServer.ScriptedCall("call_2", "end_call", "{\"result\":\"promised\"}")));
        try (FakeLlmServer server = new FakeLlmServer(settings).start(); Response response = post(server, WITH_TOOLS)) {
            List<String> data = events(response);
            List<JsonNode> fragments = fragments(data);
            assertThat(finishReason(data)).isEqualTo("tool_calls");
            JsonNode first = JSON.readTree(data.get(0)).at("/choices/0/delta");
            assertThat(first.get("role").asText()).isEqualTo("assistant");
            assertThat(first.get("content").isNull()).isTrue();
            StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
            for (JsonNode fragment : fragments) {
                arguments[fragment.get("index").asInt()].append(fragment.at("/function/arguments").asText());
            }
            assertThat(arguments[0].toString()).isEqualTo("{\"promise_date\":\"2026-05-08\"}");
            assertThat(arguments[1].toString()).isEqualTo("{\"result\":\"promised\"}");
            List<JsonNode> heads = fragments.stream().filter(f -> f.has("id")).toList();
            assertThat(heads).extracting(f -> f.get("id").asText()).containsExactly("call_1", "call_2");
            assertThat(heads).allSatisfy(f -> {
                assertThat(f.get("type").asText()).isEqualTo("function");
                assertThat(f.at("/function/arguments").asText()).isEmpty();
            });
            List<JsonNode> pieces = fragments.stream().filter(f -> !f.has("id")).toList();
            assertThat(pieces).hasSizeGreaterThan(6).allSatisfy(f -> {
                assertThat(f.at("/function").has("name")).isFalse();
                assertThat(f.at("/function/arguments").asText().length()).isBetween(1, 5);
            });
            assertThat(server.requestBodies()).singleElement()
                    .satisfies(body -> assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("end_call"));
        }
    }

    @Test
    void scriptedCallStreamsTheDashScopeWayAfterText() throws Exception {
        FakeLlmServer.Settings settings = fast().withScript(FakeLlmServer.ScriptedAnswer.calls("好的，我帮您转人工。",
                new FakeLlmServer.ScriptedCall("call_0bdc", "transfer", "{\"to\":\"agent\"}"))
                .in(FakeLlmServer.Dialect.DASHSCOPE));
        try (FakeLlmServer server = new FakeLlmServer(settings).start(); Response response = post(server, WITH_TOOLS)) {
            List<String> data = events(response);
            StringBuilder text = new StringBuilder();
            for (String d : data.subList(0, data.size() - 1)) {
                JsonNode content = JSON.readTree(d).at("/choices/0/delta/content");
                if (content.isTextual()) {
                    text.append(content.asText());
                }
            }
            assertThat(text.toString()).isEqualTo("好的，我帮您转人工。");
            List<JsonNode> fragments = fragments(data);
            assertThat(fragments.getFirst().get("id").asText()).isEqualTo("call_0bdc");
            assertThat(fragments.getFirst().at("/function/name").asText()).isEqualTo("transfer");
            assertThat(fragments.getFirst().at("/function/arguments").asText()).isNotEmpty();
            assertThat(fragments.subList(1, fragments.size())).isNotEmpty().allSatisfy(f -> {
                assertThat(f.get("id").asText()).isEmpty();
                assertThat(f.get("type").asText()).isEqualTo("function");
                assertThat(f.at("/function").has("name")).isFalse();
            });
            assertThat(finishReason(data)).isEqualTo("tool_calls");
        }
    }

    @Test
    void scriptTakesTurnsAndRepeatsItsLastAnswer() throws Exception {
        FakeLlmServer.Settings settings = fast().withScript(
                FakeLlmServer.ScriptedAnswer.calls("", new FakeLlmServer.ScriptedCall("c1", "end_call", "{}")),
                FakeLlmServer.ScriptedAnswer.text("好的，再见。"));
        try (FakeLlmServer server = new FakeLlmServer(settings).start()) {
            List<String> finishes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                try (Response response = post(server, WITH_TOOLS)) {
                    finishes.add(finishReason(events(response)));
                }
            }
            assertThat(finishes).containsExactly("tool_calls", "stop", "stop");
            assertThat(server.requestBodies()).hasSize(3);
        }
    }

    @Test
    void toolsUnsupportedFaultRefusesOnlyRequestsWithTools() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer(fast().withFault(FakeLlmServer.Fault.TOOLS_UNSUPPORTED)).start()) {
            try (Response response = post(server, WITH_TOOLS)) {
                assertThat(response.code()).isEqualTo(400);
                assertThat(JSON.readTree(response.body().string()).at("/error/message").asText())
                        .contains("--enable-auto-tool-choice");
            }
            try (Response response = post(server, CHAT)) {
                assertThat(response.code()).isEqualTo(200);
            }
        }
    }
}
