package io.callrobot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmConfig;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.llm.OpenAiChatEngine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: a barge-in while the provider is delivering a token used to deadlock the call.
 * {@code LlmTurn.cancel()} held the dialog's lock and wanted the chat call's lock, while the chat
 * call delivered the token under its own lock into {@code LlmTurn.onToken}, which wanted the
 * dialog's lock. The engine below holds the provider's delivery at exactly that point until the
 * cancel has begun.
 */
class LlmCancelDeadlockTest {

    @Test
    @Timeout(20) // on its own thread (junit-platform.properties): a deadlock fails instead of hanging
    void bargeInWhileATokenIsBeingDeliveredDoesNotDeadlock() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            String chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"您好\"},\"finish_reason\":null}]}\n\n";
            server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream")
                    .setBody(chunk + chunk + "data: [DONE]\n\n"));
            OpenAiChatEngine real = new OpenAiChatEngine(new LlmConfig(server.url("/v1").toString(), "m", null, 0.3,
                    64, "max_tokens", false, "auto", Duration.ofSeconds(5), Duration.ofSeconds(10)));
            CountDownLatch tokenInFlight = new CountDownLatch(1);
            CountDownLatch cancelling = new CountDownLatch(1);
            LlmEngine forced = (request, listener) -> {
                LlmCall call = real.stream(request, new LlmListener() {
                    @Override
                    public void onToken(String text) {
                        tokenInFlight.countDown();
                        await(cancelling);
                        listener.onToken(text);
                    }

                    @Override
                    public void onComplete() {
                        listener.onComplete();
                    }

                    @Override
                    public void onFailure(Throwable error) {
                        listener.onFailure(error);
                    }
                });
                return () -> {
                    cancelling.countDown();
                    call.cancel();
                };
            };
            try (CallThread thread = new CallThread()) {
                DialogEngine dialog = new FlowDialogFactory(FlowLibrary.builtIn(), "assistant-zh", forced)
                        .create("call-d", null, Map.of("company", "华信银行"), thread.scope());
                new Conversation(dialog, thread).start();
                RecordingSink sink = new RecordingSink();
                Reply reply = thread.call(() -> dialog.respond(new DialogInput.Speech("你们几点下班？"), sink));
                assertThat(tokenInFlight.await(10, TimeUnit.SECONDS)).isTrue();
                thread.run(reply::cancel); // the barge-in, on the call's thread as the call makes it
                thread.run(() -> { });     // whatever the provider still delivered has reached the call
                assertThat(sink.pieces()).isEmpty();
                assertThat(sink.ended()).isFalse();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
