package io.callrobot.dialog;

import io.callrobot.summary.SummaryPrompt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The validated call flows: the built-in ones shipped in the jar under {@code flows/} (listed in
 * {@code flows/index.txt}, since a jar's directories cannot be listed reliably) plus every
 * {@code *.yaml} of an optional directory. A directory flow with a built-in flow's name replaces it.
 */
public final class FlowLibrary {

    private static final Logger log = LoggerFactory.getLogger(FlowLibrary.class);
    private static final String BUILT_IN_DIR = "flows/";
    private static final String INDEX = BUILT_IN_DIR + "index.txt";

    private final Map<String, Flow> flows;

    FlowLibrary(Map<String, Flow> flows) {
        this.flows = Collections.unmodifiableMap(new TreeMap<>(flows));
    }

    /** The built-in flows only. */
    public static FlowLibrary builtIn() {
        return load(null, Map.of());
    }

    /**
     * Loads the built-in flows and those in {@code flowsDir} (config {@code dialog.flowsDir}).
     *
     * @param flowsDir a directory of {@code *.yaml} flows, or null for the built-in flows only
     * @param env      the environment HTTP tools' secrets come from, normally {@link System#getenv()}
     * @throws FlowException listing every problem of every file (also: directory missing,
     *                       two files defining the same flow name, a secret missing from {@code env})
     */
    public static FlowLibrary load(Path flowsDir, Map<String, String> env) {
        FlowLoader loader = new FlowLoader(env);
        List<String> problems = new ArrayList<>();
        Map<String, Flow> builtIn = new LinkedHashMap<>();
        for (String file : builtInFiles(problems)) {
            try (InputStream in = FlowLibrary.class.getClassLoader().getResourceAsStream(BUILT_IN_DIR + file)) {
                if (in == null) {
                    problems.add(INDEX + ": lists '" + file + "' but there is no such resource");
                    continue;
                }
                add(builtIn, file, loader, in, problems);
            } catch (IOException | FlowException e) {
                record(problems, file, e);
            }
        }
        Map<String, Flow> own = new LinkedHashMap<>();
        if (flowsDir != null) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(flowsDir, "*.yaml")) {
                for (Path file : sorted(files)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        add(own, file.toString(), loader, in, problems);
                    } catch (IOException | FlowException e) {
                        record(problems, file.toString(), e);
                    }
                }
            } catch (IOException e) {
                problems.add(flowsDir + ": cannot list flow directory (dialog.flowsDir): " + e);
            }
        }
        if (!problems.isEmpty()) {
            throw new FlowException(problems);
        }
        own.keySet().stream().filter(builtIn::containsKey)
                .forEach(name -> log.info("flow '{}' from {} replaces the built-in flow", name, flowsDir));
        builtIn.putAll(own);
        log.info("loaded call flows {}", builtIn.keySet());
        return new FlowLibrary(builtIn);
    }

    /** Names of all flows, sorted. */
    public Set<String> names() {
        return flows.keySet();
    }

    /**
     * @throws IllegalArgumentException if there is no such flow; the message lists the available ones
     */
    public FlowInfo info(String name) {
        Flow flow = flow(name);
        boolean usesLlm = flow.nodes().values().stream().anyMatch(n -> n.llm() != null);
        return new FlowInfo(flow.name(), flow.language(), flow.voice(), usesLlm, flow.record(),
                flow.amd() == null ? AmdPolicy.DEFAULT : flow.amd().policy());
    }

    /**
     * What the flow asks the LLM for after each call; empty when it asks for nothing or there is no
     * such flow (a call record may name a flow since removed).
     */
    public Optional<SummaryPrompt> summary(String name) {
        Flow flow = name == null ? null : flows.get(name);
        if (flow == null || flow.summary() == null) {
            return Optional.empty();
        }
        Flow.Summary s = flow.summary();
        return Optional.of(new SummaryPrompt(s.prompt(), s.maxTokens(), Boolean.TRUE.equals(s.json())));
    }

    /**
     * The flow as a graph of nodes and transitions, with the validator's problems (none for a flow
     * the library holds, since it refuses invalid ones).
     *
     * @throws IllegalArgumentException if there is no such flow
     */
    public FlowGraph graph(String name) {
        Flow flow = flow(name);
        return FlowGraphs.of(flow, name, FlowValidator.validate(name, flow));
    }

    /** The LLM nodes that let the model call tools, as {@code flow/node}: flows by name, nodes as written. */
    public List<String> toolNodes() {
        List<String> nodes = new ArrayList<>();
        flows.forEach((name, flow) -> flow.nodes().forEach((node, n) -> {
            if (n.llm() != null && !n.llm().tools().isEmpty()) {
                nodes.add(name + "/" + node);
            }
        }));
        return nodes;
    }

    /** Every reply each flow can speak from its script (not LLM answers), for warming the prompt cache. */
    public List<ScriptedReply> scriptedReplies() {
        List<ScriptedReply> replies = new ArrayList<>();
        flows.keySet().forEach(name -> replies.addAll(ScriptedReplies.of(flow(name), info(name))));
        return replies;
    }

    Flow flow(String name) {
        Flow flow = flows.get(name);
        if (flow == null) {
            throw new IllegalArgumentException("unknown call flow '" + name + "'; available: "
                    + String.join(", ", flows.keySet()));
        }
        return flow;
    }

    private static void add(Map<String, Flow> into, String file, FlowLoader loader, InputStream in,
                            List<String> problems) {
        Flow flow = loader.load(file, in);
        Flow twin = into.putIfAbsent(flow.name(), flow);
        if (twin != null) {
            problems.add(file + ": name: flow '" + flow.name() + "' is defined twice");
        }
    }

    private static void record(List<String> problems, String file, Exception e) {
        if (e instanceof FlowException fe) {
            problems.addAll(fe.problems());
        } else {
            problems.add(file + ": cannot read: " + e);
        }
    }

    private static List<String> builtInFiles(List<String> problems) {
        List<String> files = new ArrayList<>();
        try (InputStream in = FlowLibrary.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                problems.add(INDEX + ": missing from the classpath");
                return files;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String file = line.strip();
                if (!file.isEmpty() && !file.startsWith("#")) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            problems.add(INDEX + ": cannot read: " + e);
        }
        return files;
    }

    private static List<Path> sorted(DirectoryStream<Path> files) {
        List<Path> list = new ArrayList<>();
        files.forEach(list::add);
        Collections.sort(list);
        return list;
    }
}
