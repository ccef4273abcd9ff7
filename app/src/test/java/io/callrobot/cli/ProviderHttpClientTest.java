package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.callrobot.config.CallRobotConfig;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** Provider calls (SSE streams, websocket readers) hold the dispatcher's thread: it must not be a platform thread per call. */
class ProviderHttpClientTest {

    /** Runs one asynchronous call through {@code client} and returns the thread its callback ran on. */
    private static Thread callbackThread(OkHttpClient client) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody("ok"));
            CompletableFuture<Thread> thread = new CompletableFuture<>();
            client.newCall(new Request.Builder().url(server.url("/")).build()).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                    response.close();
                    thread.complete(Thread.currentThread());
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    thread.completeExceptionally(e);
                }
            });
            return thread.get(30, TimeUnit.SECONDS);
        } finally {
            client.dispatcher().executorService().shutdownNow();
        }
    }

    @Test
    void providerCallsRunOnVirtualThreads() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "virtual dispatcher threads from JDK 24 on");

        assertThat(callbackThread(RobotServer.httpClient(CallRobotConfig.defaults())).isVirtual()).isTrue();
    }

    @Test
    void beforeJdk24ProviderCallsKeepOkhttpsPlatformThreads() throws Exception {
        OkHttpClient client = new OkHttpClient.Builder().dispatcher(RobotServer.dispatcher(21)).build();

        assertThat(callbackThread(client).isVirtual()).isFalse();
    }
}
