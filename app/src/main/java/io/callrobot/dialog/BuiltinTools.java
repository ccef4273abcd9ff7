package io.callrobot.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.dialog.schema.JsonSchema;
import io.callrobot.llm.ToolCall;
import io.callrobot.llm.ToolDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The tools an LLM node enables ({@code end_call}, {@code transfer}, {@code goto},
 * {@code set_variable}, {@code record_fields}, {@code send_dtmf}): their definitions for the
 * request, and running a call the model made, with its arguments checked against the same schema.
 * One per call, on the call's thread; it keeps the call's variables set, fields recorded and the
 * count of tool calls.
 */
final class BuiltinTools {

    /** The built-in tools, in the order their definitions are sent. */
    static final Set<String> NAMES = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
            List.of("end_call", "transfer", "goto", "set_variable", "record_fields", "send_dtmf")));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    // mod_dptools.c: SWITCH_ADD_APP "send_dtmf" takes <dtmf_data>, the digits 0-9 * # A-D
    private static final String DTMF = "^[0-9*#A-D]{1,32}$";

    private final Map<String, String> variables;
    private final Map<String, String> variablesSet = new LinkedHashMap<>();
    private final Map<String, JsonNode> fields = new LinkedHashMap<>();
    private final UnaryOperator<String> render;
    private int calls;

    /**
     * @param variables the call's variables, which {@code set_variable} adds to
     * @param render    renders a template with the call's variables (transfer destinations)
     */
    BuiltinTools(Map<String, String> variables, UnaryOperator<String> render) {
        this.variables = variables;
        this.render = render;
    }

    /** Variables the model set, in the order first set. */
    Map<String, String> variablesSet() {
        return Map.copyOf(variablesSet);
    }

    /** Fields the model recorded, by name in the order first recorded; a later value replaces an earlier one. */
    Map<String, JsonNode> fields() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The definitions of the tools {@code llm} enables. */
    List<ToolDefinition> definitions(Flow.Llm llm) {
        List<ToolDefinition> out = new ArrayList<>();
        for (String name : NAMES) {
            if (llm.tools().contains(name)) {
                out.add(new ToolDefinition(name, description(name), parameters(name, llm)));
            }
        }
        return out;
    }

    /** True once the call has used all the tool calls {@code llm} allows. */
    boolean exhausted(Flow.Llm llm) {
        return calls >= llm.maxToolCallsOrDefault();
    }

    /** Runs {@code call} as the node {@code llm} allows; never throws for anything the model sent. */
    ToolOutcome run(Flow.Llm llm, ToolCall call) {
        ToolOutcome.Result refused = admit(llm);
        if (refused != null) {
            return refused;
        }
        if (!call.valid()) {
            return error(call.error());
        }
        if (!llm.tools().contains(call.name())) {
            return error("unknown tool '" + call.name() + "'; available: " + llm.tools());
        }
        List<String> problems = JsonSchema.STRICT.check(parameters(call.name(), llm), call.parsed());
        if (!problems.isEmpty()) {
            return error("invalid arguments: " + String.join("; ", problems));
        }
        JsonNode args = call.parsed();
        return switch (call.name()) {
            case "end_call" -> new ToolOutcome.EndCall(args.get("result").asText(), text(args, "say"));
            case "transfer" -> transfer(llm.transfer(), args);
            case "goto" -> new ToolOutcome.Goto(args.get("node").asText());
            case "set_variable" -> setVariable(args.get("name").asText(), args.get("value"));
            case "record_fields" -> recordFields(args);
            case "send_dtmf" -> new ToolOutcome.Dtmf(args.get("digits").asText(), ok("sent", args.get("digits")).content());
            default -> error("unknown tool '" + call.name() + "'");
        };
    }

    private ToolOutcome transfer(Flow.TransferTool options, JsonNode args) {
        String to = args.get("to").asText();
        for (String allowed : options.allowed()) {
            if (render.apply(allowed).equals(to)) {
                return new ToolOutcome.Transfer(to, options.resultOrDefault(), text(args, "say"));
            }
        }
        return error("transfer to '" + to + "' is not allowed; allowed: " + allowed(options));
    }

    private ToolOutcome setVariable(String name, JsonNode value) {
        if (!VARIABLE.matcher(name).matches()) {
            return error("variable name '" + name + "' must be letters, digits and '_', not starting with a digit");
        }
        String text = value.isTextual() ? value.asText() : value.toString();
        variables.put(name, text);
        variablesSet.put(name, text);
        return ok("set", JSON.getNodeFactory().textNode(name));
    }

    private ToolOutcome recordFields(JsonNode args) {
        if (args.isEmpty()) {
            return error("no field given");
        }
        args.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        ArrayNode names = JSON.createArrayNode();
        args.fieldNames().forEachRemaining(names::add);
        return ok("recorded", names);
    }

    /**
     * Counts a tool call of any kind against the node's {@code maxToolCalls}: null when it may run,
     * else the error the model is answered with.
     */
    ToolOutcome.Result admit(Flow.Llm llm) {
        if (exhausted(llm)) {
            return error("tool call limit of " + llm.maxToolCallsOrDefault() + " for this call reached; answer without tools");
        }
        calls++;
        return null;
    }

    /** The arguments' schema of {@code name} as the node configures it. */
    private JsonNode parameters(String name, Flow.Llm llm) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        switch (name) {
            case "end_call" -> {
                ObjectNode result = string(properties, "result",
                        "the call's outcome tag, e.g. promise_to_pay, refused, wrong_person");
                if (llm.endCall() != null && !llm.endCall().results().isEmpty()) {
                    llm.endCall().results().forEach(result.putArray("enum")::add);
                }
                string(properties, "say", "a last sentence to say before hanging up");
                required.add("result");
            }
            case "transfer" -> {
                ObjectNode to = string(properties, "to", "the extension to hand the caller to");
                to.set("enum", JSON.valueToTree(allowed(llm.transfer())));
                string(properties, "say", "what to say before transferring");
                required.add("to");
            }
            case "goto" -> {
                ObjectNode node = string(properties, "node", "the step of the script to continue at");
                node.set("enum", JSON.valueToTree(llm.gotoTool().nodes()));
                required.add("node");
            }
            case "set_variable" -> {
                string(properties, "name", "the variable's name: letters, digits and _");
                string(properties, "value", "its value");
                required.add("name").add("value");
            }
            case "record_fields" -> {
                return recordFieldsSchema(llm.recordFields());
            }
            case "send_dtmf" -> {
                string(properties, "digits", "the keys to press: 0-9, *, #, A-D").put("pattern", DTMF);
                required.add("digits");
            }
            default -> throw new IllegalArgumentException("unknown tool " + name);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /** The object schema of {@code record_fields}: the declared fields, none other. */
    static ObjectNode recordFieldsSchema(Flow.RecordFieldsTool options) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        options.schema().forEach(properties::set);
        ArrayNode required = schema.putArray("required");
        options.required().forEach(required::add);
        schema.put("additionalProperties", false);
        return schema;
    }

    private static String description(String name) {
        return switch (name) {
            case "end_call" -> "End the call with a result once the conversation is over; optionally say a last sentence.";
            case "transfer" -> "Hand the caller to a human agent at one of the allowed extensions; optionally say something first.";
            case "goto" -> "Leave the free conversation and continue the call script at the given step.";
            case "set_variable" -> "Remember a value for the rest of the call.";
            case "record_fields" -> "Record facts the caller stated, e.g. the date they promise to pay; call it as soon as you know them.";
            case "send_dtmf" -> "Press keys on the phone keypad, e.g. to navigate a phone menu.";
            default -> throw new IllegalArgumentException("unknown tool " + name);
        };
    }

    private List<String> allowed(Flow.TransferTool options) {
        return options.allowed().stream().map(render).toList();
    }

    private static ObjectNode string(ObjectNode properties, String name, String description) {
        return properties.putObject(name).put("type", "string").put("description", description);
    }

    private static String text(JsonNode args, String name) {
        JsonNode value = args.get(name);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static ToolOutcome.Result ok(String what, JsonNode value) {
        ObjectNode result = JSON.createObjectNode().put("ok", true);
        result.set(what, value);
        return new ToolOutcome.Result(result.toString());
    }

    private static ToolOutcome.Result error(String message) {
        return new ToolOutcome.Result(JSON.createObjectNode().put("ok", false).put("error", message).toString());
    }
}
