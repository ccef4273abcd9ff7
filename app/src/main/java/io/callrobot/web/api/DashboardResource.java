package io.callrobot.web.api;

import io.callrobot.ops.dashboard.HourFigures;
import io.callrobot.ops.dashboard.RollingHour;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiRoutes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * {@code GET /api/dashboard}: calls in progress and the last hour's figures (calls per minute,
 * results, hangup causes, errors by stage, voice_to_voice and barge_in_stop percentiles), from memory.
 */
final class DashboardResource {

    private final IntSupplier inProgress;
    private final RollingHour hour;
    private final ApiJson json;

    DashboardResource(IntSupplier inProgress, RollingHour hour, ApiJson json) {
        this.inProgress = inProgress;
        this.hour = hour;
        this.json = json;
    }

    void register(ApiRoutes routes) {
        routes.add("GET", "/api/dashboard", this::get);
    }

    private ApiResponse get(ApiRequest request) {
        HourFigures figures = hour.figures();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inProgress", inProgress.getAsInt());
        out.put("hour", figures);
        return json.answer(200, out);
    }
}
