package io.callrobot.dialog.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.dialog.FlowException;
import io.callrobot.llm.ToolDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One HTTP tool of a flow as loaded: its secrets resolved from the environment, its templates parsed.
 * Built by {@link #parseAll} from the flow's {@code httpTools:} list; {@link #toString} never shows
 * header values.
 *
 * @param name             what the model calls it by
 * @param description      when the model should call it
 * @param parameters       the JSON Schema of its arguments (an object schema)
 * @param method           GET, POST, PUT, PATCH or DELETE
 * @param url              the URL template as written (e.g. {@code https://crm/api/orders/{order_id}})
 * @param timeout          the whole request, connect to last byte (default 5 s)
 * @param fillerText       said when the answer is late, or null for none
 * @param fillerDelay      how late is late (default 1.2 s)
 * @param maxResponseBytes the most of an answer read (default 64 KiB)
 */
public record HttpToolSpec(String name, String description, JsonNode parameters, String method, String url,
        Duration timeout, String fillerText, Duration fillerDelay, int maxResponseBytes, Request request) {

    /**
     * How to build the request, parsed at load; opaque outside this package.
     *
     * @param url     the URL template
     * @param headers header names to value templates (secrets resolved)
     * @param body    null to send the arguments (POST, PUT, PATCH) or nothing (GET, DELETE), else the
     *                JSON body template
     */
    record Request(Template url, Map<String, Template> headers, BodyTemplate body) {
    }

    /**
     * Parses a flow's {@code httpTools:} list.
     *
     * @param source    the flow file, named in errors
     * @param httpTools the YAML list as a tree; null or missing for none
     * @param env       the environment secrets come from, normally {@link System#getenv()}
     * @throws FlowException listing every problem, each naming the flow, the tool and the field
     */
    public static List<HttpToolSpec> parseAll(String source, JsonNode httpTools, Map<String, String> env) {
        return HttpToolSpecParser.parseAll(source, httpTools, env);
    }

    /** What the model is told about the tool. */
    public ToolDefinition toolDefinition() {
        return new ToolDefinition(name, description, parameters);
    }

    /** Header names, without their values. */
    public List<String> headerNames() {
        return List.copyOf(request.headers().keySet());
    }

    /**
     * Whether the filler should be said now: the tool has one and the answer has been awaited
     * {@code elapsed} or longer, at least its delay. The dialog schedules its timer at {@link #fillerDelay}
     * and asks this when it fires (the answer may have come meanwhile: then it says nothing).
     */
    public boolean fillerDue(Duration elapsed) {
        return fillerText != null && elapsed.compareTo(fillerDelay) >= 0;
    }

    @Override
    public String toString() {
        return "HttpToolSpec[" + name + " " + method + " " + url + ", headers " + headerNames() + ", timeout "
                + timeout.toMillis() + " ms, filler " + (fillerText == null ? "none" : "after " + fillerDelay.toMillis()
                + " ms") + ", max " + maxResponseBytes + " bytes]";
    }
}
