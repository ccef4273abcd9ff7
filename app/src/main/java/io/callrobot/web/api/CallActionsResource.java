package io.callrobot.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.call.CallManager;
import io.callrobot.call.CallManager.OpsOutcome;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/calls/{uuid}/hangup} and {@code POST /api/calls/{uuid}/transfer {"to": "8001"}}: ops
 * end a call in progress or hand its caller on. 404 for a call not in progress, 409 for one already
 * ending.
 */
final class CallActionsResource {

    private static final Logger log = LoggerFactory.getLogger(CallActionsResource.class);
    /**
     * A transfer target: an extension or dialplan destination number. mod_dptools.c transfer_function
     * splits its argument at spaces into number, dialplan and context, so no spaces (nor quotes) here.
     */
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_+*#.@-]{1,64}");
    /** The call's executor runs the request after what it is doing now; seconds at most. */
    private static final long DECISION_SECONDS = 10;

    private final CallManager calls;
    private final ApiJson json;

    CallActionsResource(CallManager calls, ApiJson json) {
        this.calls = calls;
        this.json = json;
    }

    void register(ApiRoutes routes) {
        routes.add("POST", "/api/calls/{uuid}/hangup", this::hangup)
                .add("POST", "/api/calls/{uuid}/transfer", this::transfer);
    }

    private ApiResponse hangup(ApiRequest request) throws InterruptedException {
        String uuid = request.param("uuid");
        decided(uuid, "hang up", calls.hangup(uuid));
        log.info("call {} hung up by {}", uuid, request.user().name());
        return json.answer(200, Map.of("uuid", uuid, "action", "hangup", "result", "ops_hangup"));
    }

    private ApiResponse transfer(ApiRequest request) throws InterruptedException {
        String uuid = request.param("uuid");
        JsonNode body = json.body(request);
        JsonNode to = body.get("to");
        if (to == null || !to.isTextual() || to.asText().isBlank()) {
            throw ApiException.badRequest("to", "missing; expected the extension or dialplan number to transfer to");
        }
        String target = to.asText().strip();
        if (!TARGET.matcher(target).matches()) {
            throw ApiException.badRequest("to", "not an extension or dialplan number (1 to 64 of A-Z a-z 0-9 _ + * # . @ -,"
                    + " no spaces or quotes): " + target);
        }
        decided(uuid, "transfer", calls.transfer(uuid, target));
        log.info("call {} transferred to {} by {}", uuid, target, request.user().name());
        return json.answer(200, Map.of("uuid", uuid, "action", "transfer", "to", target, "result", "ops_transfer"));
    }

    private static void decided(String uuid, String what, CompletableFuture<OpsOutcome> outcome)
            throws InterruptedException {
        OpsOutcome decided;
        try {
            decided = outcome.get(DECISION_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("call " + uuid + " did not take the request to " + what + ": " + e, e);
        }
        switch (decided) {
            case ACCEPTED -> {
            }
            case NO_SUCH_CALL -> throw ApiException.notFound("no call in progress " + uuid);
            case ALREADY_ENDING -> throw ApiException.conflict("call " + uuid + " is already ending; cannot " + what);
        }
    }
}
