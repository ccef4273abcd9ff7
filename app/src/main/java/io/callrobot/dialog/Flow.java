package io.callrobot.dialog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.amd.AmdResult;
import io.callrobot.dialog.tools.ToolCallBudget;
import io.callrobot.dialog.tools.http.HttpToolSpec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A call flow as written in YAML: named nodes, each speaking a prompt and then listening for
 * intents, or handing the turn to the LLM, or moving on. {@code record} (optional) records its
 * calls or not, whatever {@code recording.enabled} says; {@code amd} (optional) says what answering-machine
 * detection does on its calls; {@code summary} (optional) asks the LLM for a summary of each call
 * after hang-up; {@code httpTools} (optional) declares the HTTP tools its LLM nodes may
 * enable, as written, and {@code httpToolSpecs} holds them parsed with their secrets once the loader
 * has read the environment; {@code toolLimits} (optional) bounds each call's tool calls. Values stay as written; defaults are applied by the accessors that say so,
 * so the validator still sees what was missing.
 */
record Flow(String name, String language, String voice, String start, Defaults defaults,
            Map<String, Node> nodes, Boolean record, Amd amd, Summary summary, JsonNode httpTools,
            ToolLimits toolLimits, @JsonIgnore List<HttpToolSpec> httpToolSpecs) {

    // Hangup cause names as FreeSWITCH spells them: CAUSE_CHART in src/switch_channel.c.
    static final String DEFAULT_CAUSE = "NORMAL_CLEARING";

    Flow {
        defaults = defaults == null ? new Defaults(null, null, null) : defaults;
        nodes = nodes == null ? Map.of() : nodes;
        httpToolSpecs = httpToolSpecs == null ? List.of() : List.copyOf(httpToolSpecs);
    }

    /** This flow with its HTTP tools parsed. */
    Flow withHttpToolSpecs(List<HttpToolSpec> specs) {
        return new Flow(name, language, voice, start, defaults, nodes, record, amd, summary, httpTools, toolLimits, specs);
    }

    /** The names of the HTTP tools as written, in order; entries without a text name are left out. */
    List<String> httpToolNames() {
        List<String> names = new ArrayList<>();
        if (httpTools != null && httpTools.isArray()) {
            httpTools.forEach(t -> {
                if (t.path("name").isTextual()) {
                    names.add(t.get("name").asText());
                }
            });
        }
        return names;
    }

    /** The parsed HTTP tool called {@code name}, or null. */
    HttpToolSpec httpTool(String name) {
        return httpToolSpecs.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Every template of the flow that is rendered with the call's variables: prompts, reprompts,
     * intent replies, transfer destinations, the LLM's system prompt and fallback.
     */
    List<String> templates() {
        List<String> templates = new ArrayList<>();
        for (Node node : nodes.values()) {
            if (node == null) {
                continue;
            }
            templates.addAll(node.say());
            for (Intent intent : node.intents()) {
                if (intent != null) {
                    action(templates, intent.action());
                }
            }
            for (Handler h : new Handler[] {node.noInput(), node.noMatch()}) {
                if (h != null) {
                    templates.addAll(h.say());
                    if (h.then() != null) {
                        action(templates, h.then());
                    }
                }
            }
            if (node.transfer() != null) {
                templates.add(node.transfer().to());
            }
            if (node.llm() != null) {
                templates.add(node.llm().system());
                templates.add(node.llm().fallback());
                if (node.llm().transfer() != null) {
                    templates.addAll(node.llm().transfer().allowed());
                }
            }
        }
        if (amd != null) {
            templates.add(amd.voicemail());
        }
        templates.removeIf(Objects::isNull);
        return templates;
    }

    private static void action(List<String> templates, Action action) {
        templates.add(action.say());
        if (action.transfer() != null) {
            templates.add(action.transfer().to());
        }
    }

    /** The post-call summary: the instruction, an optional length limit, and whether to ask for JSON. */
    record Summary(String prompt, Integer maxTokens, Boolean json) {
    }

    /** Per-call tool limits: calls in the whole call (built-in and HTTP), HTTP requests at once. */
    record ToolLimits(Integer maxCallsPerCall, Integer maxConcurrentHttp) {

        static final int DEFAULT_MAX_CALLS = 20;
        static final int DEFAULT_MAX_CONCURRENT_HTTP = 2;

        ToolCallBudget budget() {
            return new ToolCallBudget(maxCallsPerCall == null ? DEFAULT_MAX_CALLS : maxCallsPerCall,
                    maxConcurrentHttp == null ? DEFAULT_MAX_CONCURRENT_HTTP : maxConcurrentHttp);
        }
    }

    /** The flow's per-call tool budget, defaults where it sets none. */
    ToolCallBudget toolBudget() {
        return (toolLimits == null ? new ToolLimits(null, null) : toolLimits).budget();
    }

    /** Flow-wide defaults: listen time-out, reprompts before giving up, barge-in. */
    record Defaults(Long noInputMillis, Integer maxRetries, BargeIn bargeIn) {

        long noInputMillisOrDefault() {
            return noInputMillis == null ? 6000 : noInputMillis;
        }

        int maxRetriesOrDefault() {
            return maxRetries == null ? 2 : maxRetries;
        }

        BargeIn bargeInOrDefault() {
            return bargeIn == null ? BargeIn.SERVER_DEFAULT : bargeIn;
        }
    }

    /**
     * One step. {@code say} lists prompts: the first on entry, later ones on reprompts. After the
     * prompt the node either moves on ({@code next}, {@code hangup}, {@code transfer}) or listens.
     */
    record Node(List<String> say, BargeIn bargeIn, String voice, String emotion, Double speed,
                List<Intent> intents, Handler noInput, Handler noMatch,
                String next, Hangup hangup, Transfer transfer, Llm llm) {

        Node {
            say = say == null ? List.of() : say;
            intents = intents == null ? List.of() : intents;
        }

        /** What the node does right after its prompt, or null if it listens. */
        Action passThrough() {
            return next == null && hangup == null && transfer == null
                    ? null : new Action(null, next, hangup, transfer);
        }
    }

    /** Matches caller input by any keyword, the regex or the DTMF digits, then acts. */
    record Intent(String name, List<String> keywords, String regex, String dtmf,
                  String say, @JsonProperty("goto") String gotoNode, Hangup hangup, Transfer transfer) {

        Intent {
            keywords = keywords == null ? List.of() : keywords;
        }

        Action action() {
            return new Action(say, gotoNode, hangup, transfer);
        }

        String label() {
            return name == null ? "" : " (" + name + ")";
        }
    }

    /** No input or no match: reprompt up to {@code retries} times, then run {@code then}. */
    record Handler(List<String> say, Integer retries, Action then) {

        static final Handler NONE = new Handler(null, null, null);

        Handler {
            say = say == null ? List.of() : say;
        }
    }

    /** Optional words to say, then at most one of goto, hangup or transfer; none keeps listening. */
    record Action(String say, @JsonProperty("goto") String gotoNode, Hangup hangup, Transfer transfer) {
    }

    /** Ends the call; {@code cause} is a FreeSWITCH hangup cause name. */
    record Hangup(String result, String cause) {

        String causeOrDefault() {
            return cause == null ? DEFAULT_CAUSE : cause;
        }
    }

    /** Hands the caller to {@code to} (a template, e.g. {@code ${agent_extension:-8001}}). */
    record Transfer(String to, String result) {
    }

    /**
     * Free speech in this node is answered by the LLM; after {@code maxTurns} answers, go to {@code next}.
     * {@code tools} names the built-in tools the model may call, configured by the fields of the same
     * name, and the flow's HTTP tools it may call; {@code maxToolCalls} bounds the calls the model
     * makes in the whole call, HTTP tools included.
     */
    record Llm(String system, String fallback, Long firstTokenTimeoutMillis, Integer maxTurns, String next,
               List<String> tools, Integer maxToolCalls,
               @JsonProperty("end_call") EndCallTool endCall, TransferTool transfer,
               @JsonProperty("goto") GotoTool gotoTool,
               @JsonProperty("record_fields") RecordFieldsTool recordFields) {

        Llm {
            tools = tools == null ? List.of() : tools;
        }

        long firstTokenTimeoutMillisOrDefault() {
            return firstTokenTimeoutMillis == null ? 3000 : firstTokenTimeoutMillis;
        }

        int maxTurnsOrDefault() {
            return maxTurns == null ? 5 : maxTurns;
        }

        int maxToolCallsOrDefault() {
            return maxToolCalls == null ? 8 : maxToolCalls;
        }
    }

    /** {@code end_call}: the result tags the model may choose from (any when empty). */
    record EndCallTool(List<String> results) {

        EndCallTool {
            results = results == null ? List.of() : results;
        }
    }

    /** {@code transfer}: the destinations the model may hand the caller to (templates), and the result tag. */
    record TransferTool(List<String> allowed, String result) {

        TransferTool {
            allowed = allowed == null ? List.of() : allowed;
        }

        String resultOrDefault() {
            return result == null ? "transferred" : result;
        }
    }

    /** {@code goto}: the nodes the model may continue the scripted flow at. */
    record GotoTool(List<String> nodes) {

        GotoTool {
            nodes = nodes == null ? List.of() : nodes;
        }
    }

    /**
     * {@code record_fields}: the fields the model notes, each a JSON schema ({@code promise_date:
     * {type: string, format: date}}), and which of them every call must give.
     */
    record RecordFieldsTool(Map<String, com.fasterxml.jackson.databind.JsonNode> schema, List<String> required) {

        RecordFieldsTool {
            schema = schema == null ? Map.of() : schema;
            required = required == null ? List.of() : required;
        }
    }

    /**
     * Answering-machine detection as written: per verdict {@code hangup}, {@code continue} or
     * {@code leave_message}; {@link #policy()} applies the defaults.
     */
    record Amd(Boolean enabled, Boolean waitBeforeSpeaking, String machine, String unreachable,
               @JsonProperty("invalid_number") String invalidNumber,
               @JsonProperty("call_secretary") String callSecretary, String voicemail) {

        /** The verdicts a flow decides on, as written, by their names. */
        Map<AmdResult, String> written() {
            Map<AmdResult, String> m = new EnumMap<>(AmdResult.class);
            m.put(AmdResult.MACHINE, machine);
            m.put(AmdResult.UNREACHABLE, unreachable);
            m.put(AmdResult.INVALID_NUMBER, invalidNumber);
            m.put(AmdResult.CALL_SECRETARY, callSecretary);
            m.values().removeIf(Objects::isNull);
            return m;
        }

        /** The policy; call only on a validated flow. */
        AmdPolicy policy() {
            Map<AmdResult, AmdPolicy.Action> actions = new EnumMap<>(AmdResult.class);
            written().forEach((r, a) -> actions.put(r, AmdPolicy.Action.parse(a)));
            return new AmdPolicy(enabled, waitBeforeSpeaking == null || waitBeforeSpeaking, actions, voicemail);
        }
    }
}
