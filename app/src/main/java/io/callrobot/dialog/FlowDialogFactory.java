package io.callrobot.dialog;

import io.callrobot.llm.LlmEngine;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** Creates a {@link DialogEngine} per call from the flows of a {@link FlowLibrary}. Thread-safe. */
public final class FlowDialogFactory implements DialogFactory {

    private static final Logger log = LoggerFactory.getLogger(FlowDialogFactory.class);

    /** A flow with what every call of it shares: compiled patterns and the variables it needs. */
    private record Prepared(Flow flow, FlowInfo info, IntentMatcher matcher, Set<String> requiredVariables,
            Set<String> referencedVariables) {
    }

    private final FlowLibrary library;
    private final String defaultFlow;
    private final LlmEngine llm;
    private final OkHttpClient http;
    private final Map<String, Prepared> flows = new TreeMap<>();

    /**
     * @param defaultFlow the flow used when a call names none (config {@code dialog.defaultFlow})
     * @param llm         the LLM for {@code llm} nodes, or null when none is configured
     * @throws FlowException            if {@code llm} is null and some flow has {@code llm} nodes, or
     *                                  some flow has HTTP tools
     * @throws IllegalArgumentException if {@code defaultFlow} does not exist
     */
    public FlowDialogFactory(FlowLibrary library, String defaultFlow, LlmEngine llm) {
        this(library, defaultFlow, llm, null);
    }

    /**
     * @param llm  the LLM for {@code llm} nodes, or null when none is configured
     * @param http the client HTTP tools call their services with ({@code provider.SharedResources#http}),
     *             or null when no flow has HTTP tools
     * @throws FlowException            if {@code llm} is null and some flow has {@code llm} nodes, or
     *                                  {@code http} is null and some flow has HTTP tools
     * @throws IllegalArgumentException if {@code defaultFlow} does not exist
     */
    public FlowDialogFactory(FlowLibrary library, String defaultFlow, LlmEngine llm, OkHttpClient http) {
        this.library = Objects.requireNonNull(library, "library");
        this.defaultFlow = defaultFlow;
        this.llm = llm;
        this.http = http;
        List<String> problems = new ArrayList<>();
        for (String name : library.names()) {
            Flow flow = library.flow(name);
            if (http == null && !flow.httpToolSpecs().isEmpty()) {
                problems.add("flow '" + name + "': httpTools: needs an HTTP client but none was given");
            }
            if (llm == null) {
                flow.nodes().forEach((node, n) -> {
                    if (n.llm() != null) {
                        problems.add("flow '" + name + "': node '" + node
                                + "' llm: needs an LLM but none is configured");
                    }
                });
            }
            flows.put(name, new Prepared(flow, library.info(name), new IntentMatcher(flow),
                    variables(flow, false), variables(flow, true)));
        }
        if (!problems.isEmpty()) {
            throw new FlowException(problems);
        }
        library.flow(defaultFlow);
    }

    @Override
    public DialogEngine create(String callId, String flow, Map<String, String> variables, DialogScope scope) {
        String name = flow == null || flow.isBlank() ? defaultFlow : flow;
        library.flow(name); // throws naming the available flows
        Prepared prepared = flows.get(name);
        Map<String, String> vars = variables == null ? Map.of() : variables;
        Set<String> missing = new LinkedHashSet<>(prepared.requiredVariables());
        missing.removeIf(v -> vars.get(v) != null && !vars.get(v).isEmpty());
        if (!missing.isEmpty()) {
            log.warn("call {}: flow '{}' uses variables {} that the call does not set; they are spoken as nothing",
                    callId, name, missing);
        }
        Map<String, String> used = new LinkedHashMap<>();
        for (String v : prepared.referencedVariables()) {
            if (vars.get(v) != null) {
                used.put(v, vars.get(v));
            }
        }
        return new FlowDialog(callId, prepared.flow(), prepared.info(), prepared.matcher(), vars, used, llm,
                http, scope);
    }

    /** Variables the flow's templates use: all of them, or only those without a default. */
    private static Set<String> variables(Flow flow, boolean withDefaults) {
        Set<String> names = new LinkedHashSet<>();
        flow.templates().forEach(t -> names.addAll(Templates.names(t, withDefaults)));
        return names;
    }
}
