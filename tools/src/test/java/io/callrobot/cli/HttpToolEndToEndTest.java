package io.callrobot.cli;

import static io.callrobot.cli.CallEndToEndTest.QUIET;
import static io.callrobot.cli.CallEndToEndTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeLlmServer.ScriptedAnswer;
import io.callrobot.bench.FakeLlmServer.ScriptedCall;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.ops.CallRecord;
import io.callrobot.sim.SimulatedCall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HTTP tool through the switch simulator: a CRM slower than the filler delay. */
class HttpToolEndToEndTest {

    private static final String FLOW = """
            name: order-desk-zh
            language: zh-CN
            start: chat
            httpTools:
              - name: lookup_order
                description: 查询订单的物流状态
                parameters: {type: object, properties: {order_id: {type: string}}, required: [order_id]}
                url: %s/orders/{order_id}
                headers: {Authorization: "Bearer ${env:CRM_TOKEN}"}
                timeoutMillis: 10000
                filler: 我帮您查一下。
                fillerDelayMillis: 300
            nodes:
              chat:
                say: 您好，这里是售后服务，请问有什么可以帮您？
                llm:
                  system: 你是售后客服，用查询到的订单信息回答。
                  fallback: 抱歉，请再说一遍。
                  next: bye
                  tools: [lookup_order, end_call]
              bye:
                say: 再见。
                hangup: {result: done}
            """;

    @Test
    void aCrmSlowerThanTheFillerDelayIsBridgedByTheFillerThenTheAnswerUsesItsJson(@TempDir Path flows)
            throws Exception {
        try (MockWebServer crm = new MockWebServer()) {
            // the CRM answers well after the filler's 300 ms
            crm.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
                    .setBody("{\"order_id\":\"A100\",\"state\":\"shipped\",\"eta\":\"明天\"}")
                    .setBodyDelay(1500, TimeUnit.MILLISECONDS));
            crm.start();
            Files.writeString(flows.resolve("order-desk.yaml"), FLOW.formatted(crm.url("/api")),
                    StandardCharsets.UTF_8);
            try (Rig rig = new Rig(FakeLlmServer.Settings.defaults().withScript(
                    ScriptedAnswer.calls("好的，", new ScriptedCall("call_1", "lookup_order", "{\"order_id\":\"A100\"}")),
                    ScriptedAnswer.calls("您的订单A100已发货，预计明天送达。", new ScriptedCall("call_2", "end_call",
                            "{\"result\":\"order_status\",\"say\":\"感谢来电，再见。\"}"))),
                    FakeTtsServer.Settings.defaults(),
                    FakeFunAsrServer.Settings.defaults().withTranscripts(List.of("我的订单A100到哪了")),
                    Map.of("CALLROBOT_VAD_ENGINE", "energy", "CALLROBOT_DIALOG_FLOWS_DIR", flows.toString(),
                            "CRM_TOKEN", "crm-s3cret"))) {
                SimulatedCall call = rig.call("order-desk-zh", Map.of());
                call.awaitFirstRobotAudio(WAIT);
                call.awaitRobotSilence(QUIET, WAIT);
                call.play(Rig.utterance(1.2));

                assertThat(call.awaitHangup(WAIT)).isEqualTo("NORMAL_CLEARING");
                CallRecord record = rig.record(call.uuid());
                RecordedRequest request = crm.takeRequest(10, TimeUnit.SECONDS);
                assertThat(request.getPath()).isEqualTo("/api/orders/A100");
                assertThat(request.getHeader("Authorization")).isEqualTo("Bearer crm-s3cret");
                assertThat(record.result()).isEqualTo("order_status");
                assertThat(CallEndToEndTest.robotText(record))
                        .contains("好的，我帮您查一下。您的订单A100已发货，预计明天送达。感谢来电，再见。");
                // the model was offered the tool and answered with the CRM's JSON
                assertThat(rig.llm.requestBodies().getFirst().path("tools").toString()).contains("\"lookup_order\"");
                assertThat(rig.llm.requestBodies().get(1).path("messages").toString())
                        .contains("\"tool_call_id\":\"call_1\"").contains("shipped").contains("明天");
            }
        }
    }
}
