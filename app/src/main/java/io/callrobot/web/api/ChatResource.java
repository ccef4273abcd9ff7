package io.callrobot.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.chat.ChatException;
import io.callrobot.chat.ChatSessions;
import io.callrobot.dialog.DialogInput;
import io.callrobot.dialog.FlowLibrary;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Testing a flow by text: {@code POST /api/flows/{name}/chat {variables}} opens a chat and answers
 * the robot's opening; {@code POST /api/chat/{session}} with {@code {text}}, {@code {dtmf}} or
 * {@code {silence: true}} answers the robot's reply; {@code DELETE /api/chat/{session}} ends it.
 */
final class ChatResource {

    static final int MAX_VARIABLES = 100;
    static final int MAX_VALUE_CHARS = 1000;
    static final int MAX_TEXT_CHARS = 2000;

    private final FlowLibrary flows;
    private final ChatSessions chats;
    private final ApiJson json;

    ChatResource(FlowLibrary flows, ChatSessions chats, ApiJson json) {
        this.flows = flows;
        this.chats = chats;
        this.json = json;
    }

    void register(ApiRoutes routes) {
        routes.add("POST", "/api/flows/{name}/chat", this::start)
                .add("POST", "/api/chat/{session}", this::send)
                .add("DELETE", "/api/chat/{session}", this::end);
    }

    private ApiResponse start(ApiRequest request) {
        String flow = FlowResource.graph(flows, request.param("name")).name();
        Map<String, String> variables = request.body().length == 0 ? Map.of() : variables(json.body(request));
        return json.answer(201, answer(() -> chats.start(flow, variables)));
    }

    private ApiResponse send(ApiRequest request) {
        DialogInput input = input(json.body(request));
        return json.answer(200, answer(() -> chats.send(request.param("session"), input)));
    }

    private ApiResponse end(ApiRequest request) {
        String session = request.param("session");
        answer(() -> {
            chats.end(session);
            return null;
        });
        return json.answer(200, Map.of("session", session, "ended", true));
    }

    private static Map<String, String> variables(JsonNode body) {
        JsonNode variables = body.path("variables");
        if (variables.isMissingNode() || variables.isNull()) {
            return Map.of();
        }
        if (!variables.isObject()) {
            throw ApiException.badRequest("variables", "must be an object of names to text values");
        }
        if (variables.size() > MAX_VARIABLES) {
            throw ApiException.badRequest("variables", "at most " + MAX_VARIABLES + " variables, got " + variables.size());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> v = it.next();
            String field = "variables." + v.getKey();
            if (v.getKey().isBlank()) {
                throw ApiException.badRequest("variables", "a variable has an empty name");
            }
            if (v.getValue().isNull()) {
                continue;
            }
            if (!v.getValue().isValueNode()) {
                throw ApiException.badRequest(field, "must be text or a number, not " + v.getValue().getNodeType().name().toLowerCase(Locale.ROOT));
            }
            String value = v.getValue().asText();
            if (value.length() > MAX_VALUE_CHARS) {
                throw ApiException.badRequest(field, "longer than " + MAX_VALUE_CHARS + " characters");
            }
            out.put(v.getKey(), value);
        }
        return out;
    }

    /** Exactly one of {@code text} (not blank), {@code dtmf} (keypad digits) or {@code silence: true}. */
    private static DialogInput input(JsonNode body) {
        boolean text = body.has("text");
        boolean dtmf = body.has("dtmf");
        boolean silence = body.path("silence").asBoolean(false);
        if ((text ? 1 : 0) + (dtmf ? 1 : 0) + (silence ? 1 : 0) != 1) {
            throw ApiException.badRequest("body", "give exactly one of text, dtmf or silence: true");
        }
        if (text) {
            String said = body.get("text").isTextual() ? body.get("text").asText().strip() : "";
            if (said.isEmpty()) {
                throw ApiException.badRequest("text", "is empty; to say nothing send {\"silence\": true}");
            }
            if (said.length() > MAX_TEXT_CHARS) {
                throw ApiException.badRequest("text", "longer than " + MAX_TEXT_CHARS + " characters");
            }
            return new DialogInput.Speech(said);
        }
        if (dtmf) {
            String digits = body.get("dtmf").asText("");
            // FreeSWITCH's DTMF digits: 0-9, *, #, A-D (switch_types.h, is_dtmf)
            if (!digits.matches("[0-9*#A-D]{1,32}")) {
                throw ApiException.badRequest("dtmf", "keypad digits must be 0-9, *, #, A-D, was '" + digits + "'");
            }
            return new DialogInput.Dtmf(digits);
        }
        return new DialogInput.NoInput();
    }

    /** Runs a chat operation, answering its refusals with their status. */
    private static <T> T answer(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (ChatException e) {
            int status = switch (e.reason()) {
                case UNKNOWN_SESSION -> 404;
                case LIMIT -> 429;
                case BUSY, ENDED -> 409;
                case TIMEOUT -> 504;
            };
            throw new ApiException(status, null, e.getMessage());
        }
    }
}
