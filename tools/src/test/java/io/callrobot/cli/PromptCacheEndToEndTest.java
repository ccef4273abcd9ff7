package io.callrobot.cli;

import static io.callrobot.cli.CallEndToEndTest.CUSTOMER;
import static io.callrobot.cli.CallEndToEndTest.QUIET;
import static io.callrobot.cli.CallEndToEndTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.TtsChunks;
import io.callrobot.ops.TurnRecord;
import io.callrobot.sim.SimulatedCall;
import io.callrobot.tts.cache.CachingTtsEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The prompt cache warmed at start-up, seen from a whole call: its log record and the metrics. */
class PromptCacheEndToEndTest {

    private static double metric(String scrape, String name) {
        Matcher m = Pattern.compile("^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(scrape);
        assertThat(m.find()).as("metric %s in %s", name, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void warmedPromptsArePlayedFromTheCacheAndCountedInTheRecordAndMetrics() throws Exception {
        try (Rig rig = Rig.standard()) {
            CachingTtsEngine.Warmed warmed = rig.robot.promptsWarmed().get(120, TimeUnit.SECONDS);
            assertThat(warmed.synthesised()).isPositive();
            assertThat(warmed.failed()).isZero();
            int synthesisedBefore = rig.tts.requests();

            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            assertThat(Rig.confirmAndPromiseByKeypad(call, WAIT, QUIET)).isEqualTo("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());

            List<TtsChunks> robot = record.turns().stream().filter(t -> t.speaker().equals("robot"))
                    .map(TurnRecord::tts).toList();
            assertThat(robot).hasSize(4);
            assertThat(robot.get(0)).as("disclaimer: two fixed chunks (您好， first), warmed").isEqualTo(new TtsChunks(2, 2));
            assertThat(robot.get(1)).as("identity question: holds the name").isEqualTo(new TtsChunks(1, 0));
            assertThat(robot.get(2).cached()).as("reminder: its fixed sentences after the amount").isEqualTo(2);
            assertThat(robot.get(3).cached()).as("goodbye: its fixed clauses").isPositive();
            int chunks = robot.stream().mapToInt(TtsChunks::chunks).sum();
            int cached = robot.stream().mapToInt(TtsChunks::cached).sum();
            assertThat(record.tts()).isEqualTo(new TtsChunks(chunks, cached));
            assertThat(rig.tts.requests() - synthesisedBefore).as("only uncached chunks reach the provider")
                    .isEqualTo(chunks - cached);

            String scrape = rig.robot.metrics().scrape();
            assertThat(metric(scrape, "callrobot_tts_cache_hits_total")).isEqualTo(cached);
            assertThat(metric(scrape, "callrobot_tts_cache_misses_total")).isEqualTo(chunks - cached);
            assertThat(metric(scrape, "callrobot_tts_cache_bytes")).isPositive();
            assertThat(metric(scrape, "callrobot_tts_cache_warm_pending")).isZero();
        }
    }

    @Test
    void warmingThatFailsIsReportedAndTheServerStillTakesCalls() throws Exception {
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults(),
                FakeTtsServer.Settings.defaults().withFault(FakeTtsServer.Fault.STATUS_500),
                FakeFunAsrServer.Settings.defaults(), Map.of())) {
            CachingTtsEngine.Warmed warmed = rig.robot.promptsWarmed().get(120, TimeUnit.SECONDS);
            assertThat(warmed.failed()).isPositive();
            assertThat(warmed.synthesised()).isZero();
            assertThat(rig.robot.metrics().ready()).isTrue();

            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            call.awaitHangup(WAIT);
            assertThat(rig.record(call.uuid()).result()).as("the call was taken; TTS is down").isEqualTo("error_tts");
        }
    }
}
