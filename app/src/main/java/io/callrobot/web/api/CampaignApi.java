package io.callrobot.web.api;

import io.callrobot.store.Store;
import io.callrobot.web.ApiRoutes;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;

/** The API's resources over the store, as routes for the HTTP server. */
public final class CampaignApi {

    private CampaignApi() {
    }

    /**
     * @param flows      the flows campaigns may name
     * @param wakeDialer tells the dialer a campaign changed (started, paused, got contacts)
     * @param recordings {@code recording.dir}, whose files the calls' recordings are served from
     */
    public static ApiRoutes routes(Store store, Supplier<Set<String>> flows, Runnable wakeDialer, Path recordings) {
        ApiJson json = new ApiJson();
        ApiRoutes routes = new ApiRoutes();
        CampaignResource campaigns = new CampaignResource(store, flows, wakeDialer, json);
        campaigns.register(routes);
        new ResultsResource(store, campaigns).register(routes);
        new CampaignProgressResource(store, campaigns, json).register(routes);
        new CallResource(store, json).register(routes);
        new RecordingResource(store, json, recordings).register(routes);
        new DncResource(store, json).register(routes);
        new AuditResource(store, json).register(routes);
        return routes;
    }
}
