package io.callrobot.web.api;

import io.callrobot.chat.ChatSessions;
import io.callrobot.dialog.FlowLibrary;
import io.callrobot.web.ApiRoutes;

/** The flows' resources: the list, each flow as a graph, and testing a flow by text chat. */
public final class FlowApi {

    private FlowApi() {
    }

    /** Adds the routes of {@code /api/flows} and {@code /api/chat} to {@code routes}. */
    public static ApiRoutes register(ApiRoutes routes, FlowLibrary flows, ChatSessions chats) {
        ApiJson json = new ApiJson();
        new FlowResource(flows, json).register(routes);
        new ChatResource(flows, chats, json).register(routes);
        return routes;
    }
}
