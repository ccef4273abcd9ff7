package io.callrobot.dialog;

import io.callrobot.dialog.tools.ToolCallBudget;
import io.callrobot.dialog.tools.http.HttpToolCaller;
import io.callrobot.dialog.tools.http.HttpToolResult;
import io.callrobot.dialog.tools.http.HttpToolSpec;
import io.callrobot.llm.ToolCall;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A call's HTTP tools: starts a model's call of one with the call's variables, within the call's
 * {@link ToolCallBudget}. One per call, on the call's thread.
 */
final class HttpTools {

    private final HttpToolCaller caller;
    private final ToolCallBudget budget;
    private final Map<String, String> variables;

    /** @param variables the call's variables, read when each request is built */
    HttpTools(HttpToolCaller caller, ToolCallBudget budget, Map<String, String> variables) {
        this.caller = caller;
        this.budget = budget;
        this.variables = variables;
    }

    /** Starts {@code call} of {@code spec}; its result always comes, failures included. */
    ToolOutcome.Pending start(HttpToolSpec spec, ToolCall call) {
        // the caller builds the request before returning, so the variables are read here, on the call's thread
        CompletableFuture<HttpToolResult> result = caller.call(spec, call, variables, budget);
        CompletableFuture<String> content = result.thenApply(HttpToolResult::content);
        // cancelling what the turn holds must reach the request
        content.whenComplete((c, e) -> {
            if (content.isCancelled()) {
                result.cancel(true);
            }
        });
        return new ToolOutcome.Pending(content, spec.fillerText(), spec.fillerDelay());
    }
}
