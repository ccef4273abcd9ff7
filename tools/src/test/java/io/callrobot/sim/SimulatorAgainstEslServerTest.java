package io.callrobot.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.esl.EslConfig;
import io.callrobot.esl.EslConnection;
import io.callrobot.esl.EslEvent;
import io.callrobot.esl.EslEventListener;
import io.callrobot.esl.EslOutboundServer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real ESL server and the simulator talking to each other. */
class SimulatorAgainstEslServerTest {

    @Test
    void robotAnswersAndHangsUpASimulatedCall() throws Exception {
        BlockingQueue<EslEvent> events = new LinkedBlockingQueue<>();
        CompletableFuture<EslConnection> connection = new CompletableFuture<>();
        CompletableFuture<String> disconnect = new CompletableFuture<>();
        try (EslOutboundServer server = new EslOutboundServer(EslConfig.defaults().withPort(0), call -> {
                connection.complete(call);
                return new EslEventListener() {
                    @Override
                    public void onEvent(EslEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void onDisconnect(String reason) {
                        disconnect.complete(reason);
                    }
                };
            });
             FreeSwitchSimulator simulator = new FreeSwitchSimulator()) {
            int port = server.start();
            SimulatedCall call = simulator.place(SimCallSpec.inbound("127.0.0.1", port).withVariable("customer_name", "张三"));
            EslConnection robot = connection.get(10, TimeUnit.SECONDS);
            assertThat(robot.channelData().variable("customer_name")).isEqualTo("张三");
            assertThat(robot.channelData().uniqueId()).isEqualTo(call.uuid());
            assertThat(robot.command("myevents").get(10, TimeUnit.SECONDS).text()).isEqualTo("+OK Events Enabled");
            assertThat(robot.execute("answer", null).get(10, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(events.poll(10, TimeUnit.SECONDS).name()).isEqualTo("CHANNEL_EXECUTE");
            assertThat(events.poll(10, TimeUnit.SECONDS).name()).isEqualTo("CHANNEL_ANSWER");
            assertThat(robot.api("uuid_exists " + call.uuid()).get(10, TimeUnit.SECONDS).text()).isEqualTo("true");
            assertThat(robot.hangup("NORMAL_CLEARING").get(10, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(call.awaitHangup(Duration.ofSeconds(10))).isEqualTo("NORMAL_CLEARING");
            assertThat(disconnect.get(10, TimeUnit.SECONDS)).contains("disconnect notice");
        }
    }
}
