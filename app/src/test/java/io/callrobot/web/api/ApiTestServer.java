package io.callrobot.web.api;

import io.callrobot.config.HttpConfig;
import io.callrobot.ops.CallMetrics;
import io.callrobot.ops.LiveCall;
import io.callrobot.ops.LiveCalls;
import io.callrobot.ops.OpsHttpServer;
import io.callrobot.ops.RecentCalls;
import io.callrobot.web.ApiDispatcher;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The robot's HTTP server as the API tests use it: loopback, a free port, no calls, no console. */
final class ApiTestServer {

    private static final LiveCalls NO_CALLS = new LiveCalls() {
        @Override
        public List<LiveCall> liveCalls() {
            return List.of();
        }

        @Override
        public Optional<LiveCall> liveCall(String uuid) {
            return Optional.empty();
        }
    };

    private ApiTestServer() {
    }

    /** Starts a server answering {@code /api/...} with {@code api}. */
    static OpsHttpServer start(ApiDispatcher api) throws InterruptedException {
        return new OpsHttpServer(new HttpConfig("127.0.0.1", 0, 16, Duration.ofSeconds(60), Duration.ofSeconds(10),
                1 << 20), new CallMetrics(() -> 0), NO_CALLS, new RecentCalls(1), api, null).start();
    }
}
