package io.callrobot.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Joins the {@code delta.tool_calls} fragments of one streamed answer into whole calls. OpenAI
 * (API reference, "The chat completion chunk object", {@code delta.tool_calls[].index}) sends
 * {@code id}, {@code type} and {@code function.name} in a call's first fragment and only pieces of
 * {@code function.arguments} after it, all under the call's {@code index}. DashScope compatible
 * mode (Alibaba Cloud Model Studio, "Function Calling", streaming output) repeats {@code type}
 * and {@code id} on later fragments, empty or the same, and sends {@code function.name} only in
 * the first. Used from the stream's one reader thread.
 */
final class ToolCallAssembler {

    /** One fragment as parsed from a chunk; null fields were absent. */
    record Fragment(Integer index, String id, String name, String arguments) {
    }

    private static final class Partial {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    private final ObjectMapper mapper;
    private final TreeMap<Integer, Partial> calls = new TreeMap<>();
    private Integer lastIndex;

    ToolCallAssembler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void add(Fragment fragment) {
        int index = indexOf(fragment);
        Partial call = calls.computeIfAbsent(index, i -> new Partial());
        lastIndex = index;
        if (call.id == null && fragment.id() != null && !fragment.id().isEmpty()) {
            call.id = fragment.id();
        }
        if (call.name == null && fragment.name() != null && !fragment.name().isEmpty()) {
            call.name = fragment.name();
        }
        if (fragment.arguments() != null) {
            call.arguments.append(fragment.arguments());
        }
    }

    /**
     * Servers that omit {@code index} (it is required by OpenAI's schema) send one call at a time:
     * a fragment with a new id starts the next call, others continue the last.
     */
    private int indexOf(Fragment fragment) {
        if (fragment.index() != null) {
            return fragment.index();
        }
        if (lastIndex == null) {
            return 0;
        }
        String lastId = calls.get(lastIndex).id;
        boolean newId = fragment.id() != null && !fragment.id().isEmpty() && lastId != null
                && !lastId.equals(fragment.id());
        return newId ? calls.lastKey() + 1 : lastIndex;
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    /** The calls in index order, their arguments parsed. */
    List<ToolCall> calls() {
        List<ToolCall> out = new ArrayList<>(calls.size());
        calls.forEach((index, partial) -> out.add(toolCall(index, partial)));
        return List.copyOf(out);
    }

    private ToolCall toolCall(int index, Partial partial) {
        // a server that sent no id still needs one the tool message can answer to
        String id = partial.id != null ? partial.id : "call_" + index;
        String arguments = partial.arguments.toString();
        if (partial.name == null) {
            return new ToolCall(id, null, arguments, null, "the server sent no function name for tool call " + index);
        }
        if (arguments.isBlank()) { // a function without parameters: some servers stream no arguments at all
            return new ToolCall(id, partial.name, arguments, mapper.createObjectNode(), null);
        }
        try {
            JsonNode parsed = mapper.readTree(arguments);
            if (parsed == null || !parsed.isObject()) {
                return new ToolCall(id, partial.name, arguments, null,
                        "arguments of " + partial.name + " are not a JSON object: " + ChatCompletionsJson.excerpt(arguments));
            }
            return new ToolCall(id, partial.name, arguments, parsed, null);
        } catch (JsonProcessingException e) {
            return new ToolCall(id, partial.name, arguments, null, "arguments of " + partial.name
                    + " are not valid JSON (" + e.getOriginalMessage() + "): " + ChatCompletionsJson.excerpt(arguments));
        }
    }
}
