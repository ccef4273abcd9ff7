package io.callrobot.dialog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Loads flows written inline in tests. */
final class TestFlows {

    private TestFlows() {
    }

    static Flow parse(String yaml) {
        return parse(yaml, Map.of());
    }

    /** @param env the environment the flow's HTTP tools take their secrets from */
    static Flow parse(String yaml, Map<String, String> env) {
        return new FlowLoader(env).load("test-flow.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static FlowLibrary library(String yaml) {
        Flow flow = parse(yaml);
        return new FlowLibrary(Map.of(flow.name(), flow));
    }
}
