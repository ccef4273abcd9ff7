package io.callrobot.dialog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * A flow as a graph for people to look at: its nodes, the transitions between them with what
 * triggers each, where the call ends and with which result tag, the variables its templates use,
 * and the validator's problems with the node each concerns.
 *
 * @param start     the start node's id (as written; it may name no node when the flow is invalid)
 * @param usesLlm   whether some node is answered by the LLM
 * @param variables every variable the templates use, in the order first used
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowGraph(String name, String language, String start, boolean usesLlm, List<Node> nodes,
        List<Edge> edges, List<Variable> variables, List<Problem> problems) {

    public FlowGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        variables = List.copyOf(variables);
        problems = List.copyOf(problems);
    }

    /** Whether the validator found nothing wrong. */
    @JsonProperty("valid")
    public boolean valid() {
        return problems.isEmpty();
    }

    /** What a node does after its prompt. */
    public enum Kind {
        /** Moves on to the {@code next} node. */
        SAY,
        /** Waits for the caller and matches intents. */
        LISTEN,
        /** Waits for the caller; what no intent matches is answered by the LLM. */
        LLM,
        /** Ends the call ({@link Node#exit}). */
        HANGUP,
        /** Transfers the call ({@link Node#exit}). */
        TRANSFER,
        /** The node has no content (an invalid flow). */
        EMPTY;

        /** As the API spells it: lower case. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What takes the call along an edge. */
    public enum Trigger {
        /** The node's {@code next}, right after its prompt. */
        NEXT,
        /** An intent matched ({@link Edge#label} its name, {@link Edge#dtmf} its key). */
        INTENT,
        /** A reprompt after no input or no match, up to {@link Edge#retries} times ({@link Edge#label}: noInput or noMatch). */
        RETRY,
        /** No input once the retries are used up. */
        NO_INPUT,
        /** No intent matched once the retries are used up. */
        NO_MATCH,
        /** The LLM answered the node's {@code maxTurns} times ({@link Edge#retries}: that number). */
        LLM_TURNS,
        /** The model called a tool that moves the call there ({@link Edge#label}: the tool, {@code goto}). */
        TOOL;

        /** As the API spells it: lower case. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param prompts the node's prompt templates: the first on entry, the others on reprompts
     * @param intents what the node listens for
     * @param exit    how the call ends right after this node's prompt, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(String id, Kind kind, List<String> prompts, List<Intent> intents, Exit exit) {

        public Node {
            prompts = List.copyOf(prompts);
            intents = List.copyOf(intents);
        }
    }

    /** An intent as written: its name (may be null), keywords, regex and key. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Intent(String name, List<String> keywords, String regex, String dtmf) {

        public Intent {
            keywords = List.copyOf(keywords);
        }
    }

    /**
     * A transition. {@code to} is null when the edge ends the call: {@link #exit} says how.
     *
     * @param label   the intent's name, for retries which handler (noInput, noMatch), for tool edges the tool
     * @param dtmf    the key that triggers an intent edge, if any
     * @param retries how many reprompts a retry edge allows, or after how many answers an LLM edge leaves
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Edge(String from, String to, Trigger trigger, String label, String dtmf, Integer retries, Exit exit) {
    }

    /**
     * How the call ends.
     *
     * @param transfer    true for a transfer, false for a hangup
     * @param result      the result tag the call record gets
     * @param destination the transfer's destination template, or the hangup's FreeSWITCH cause
     */
    public record Exit(boolean transfer, String result, String destination) {
    }

    /** A variable the flow's templates use, with the default written in them (null if none). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Variable(String name, String defaultValue) {
    }

    /** A validation problem, with the node it concerns (null when it concerns the whole flow). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Problem(String node, String message) {
    }
}
