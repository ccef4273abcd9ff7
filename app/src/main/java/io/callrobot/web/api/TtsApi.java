package io.callrobot.web.api;

import io.callrobot.tts.tryout.TtsTryOut;
import io.callrobot.web.ApiRoutes;

/** The TTS try-out's routes for the HTTP server. */
public final class TtsApi {

    private TtsApi() {
    }

    /** Adds the try-out's routes ({@code /api/tts/...}) to {@code routes}; returns them. */
    public static ApiRoutes register(ApiRoutes routes, TtsTryOut tryOut) {
        new TtsResource(tryOut, new ApiJson(), TtsResource.MAX_CHARS, TtsResource.MAX_CONCURRENT).register(routes);
        return routes;
    }
}
