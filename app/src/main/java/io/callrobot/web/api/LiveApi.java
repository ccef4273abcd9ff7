package io.callrobot.web.api;

import io.callrobot.call.CallManager;
import io.callrobot.ops.dashboard.RollingHour;
import io.callrobot.ops.live.LiveEvents;
import io.callrobot.web.ApiRoutes;
import java.time.Duration;
import java.util.function.LongSupplier;

/** The API's resources over the calls in progress: their event stream, ops actions and the dashboard. */
public final class LiveApi {

    private LiveApi() {
    }

    /**
     * Adds the live resources to {@code routes}.
     *
     * @param heartbeat how often an idle event stream sends a comment, under the HTTP idle time-out
     * @param nanoTime  the clock the streams time their heartbeats on
     */
    public static ApiRoutes register(ApiRoutes routes, CallManager calls, LiveEvents events, RollingHour hour,
            Duration heartbeat, LongSupplier nanoTime) {
        ApiJson json = new ApiJson();
        new LiveEventsResource(calls, events, json, heartbeat, nanoTime).register(routes);
        new CallActionsResource(calls, json).register(routes);
        new DashboardResource(calls::activeCalls, hour, json).register(routes);
        return routes;
    }
}
