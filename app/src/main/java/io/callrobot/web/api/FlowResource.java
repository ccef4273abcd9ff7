package io.callrobot.web.api;

import io.callrobot.dialog.FlowGraph;
import io.callrobot.dialog.FlowLibrary;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/flows} (name, language, node count, LLM or not, valid) and {@code GET /api/flows/{name}} (the graph). */
final class FlowResource {

    private final FlowLibrary flows;
    private final ApiJson json;

    FlowResource(FlowLibrary flows, ApiJson json) {
        this.flows = flows;
        this.json = json;
    }

    void register(ApiRoutes routes) {
        routes.add("GET", "/api/flows", this::list).add("GET", "/api/flows/{name}", this::get);
    }

    private ApiResponse list(ApiRequest request) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : flows.names()) {
            FlowGraph graph = flows.graph(name);
            Map<String, Object> flow = new LinkedHashMap<>();
            flow.put("name", graph.name());
            flow.put("language", graph.language());
            flow.put("nodes", graph.nodes().size());
            flow.put("llm", graph.usesLlm());
            flow.put("valid", graph.valid());
            out.add(flow);
        }
        return json.answer(200, Map.of("flows", out));
    }

    private ApiResponse get(ApiRequest request) {
        return json.answer(200, graph(flows, request.param("name")));
    }

    /** The flow named, or a 404 listing the flows there are. */
    static FlowGraph graph(FlowLibrary flows, String name) {
        if (!flows.names().contains(name)) {
            throw ApiException.notFound("no flow '" + name + "'; available: " + String.join(", ", flows.names()));
        }
        return flows.graph(name);
    }
}
