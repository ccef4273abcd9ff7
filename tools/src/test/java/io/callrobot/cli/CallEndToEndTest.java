package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.CallerVoice;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.TurnRecord;
import io.callrobot.sim.RobotFrame;
import io.callrobot.sim.SimCommand;
import io.callrobot.sim.SimulatedCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Whole calls: simulated FreeSWITCH -> robot -> fake providers speaking their real protocols. */
class CallEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration QUIET = Duration.ofMillis(1200);
    static final Map<String, String> CUSTOMER = Map.of("customer_name", "张三", "amount", "1280.50",
            "due_date", "12月5日", "agent_extension", "1000");

    static String robotText(CallRecord record) {
        return record.turns().stream().filter(t -> t.speaker().equals("robot")).map(TurnRecord::text)
                .collect(Collectors.joining("|"));
    }

    static void awaitCallReleased(Rig rig) throws Exception {
        // the record is written as the last step of ending a call: after it, nothing may be held
        assertThat(rig.robot.calls().activeCalls()).isZero();
        assertThat(rig.robot.media().portsInUse()).isZero();
    }

    @Test
    void outboundCallGreetsTheCustomerByNameAndLogsAFullRecord() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            call.awaitUnicastStarted(WAIT);
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());

            assertThat(robotText(record)).contains("本次通话可能会被录音").contains("请问您是张三本人吗");
            assertThat(call.robotAudio().seconds()).isGreaterThan(2.0);
            assertThat(record.result()).isEqualTo("caller_hangup");
            assertThat(record.hangupCause()).isEqualTo("NORMAL_CLEARING");
            assertThat(record.direction()).isEqualTo("outbound");
            assertThat(record.callee()).isEqualTo("*******8000");
            assertThat(record.variables()).containsEntry("customer_name", "张三");
            assertThat(record.media().framesOut()).isPositive();
            assertThat(record.media().packetsIn()).isPositive();

            List<String> commands = call.commands().stream().map(SimCommand::command).toList();
            assertThat(commands).contains("myevents", "linger 10");
            SimCommand unicast = call.commands().stream()
                    .filter(c -> "unicast".equals(c.header("call-command"))).findFirst().orElseThrow();
            assertThat(unicast.header("local-port")).isNotBlank();
            assertThat(unicast.header("remote-port")).isNotBlank();
            assertThat(unicast.header("transport")).isEqualTo("udp");
            assertThat(call.commands()).noneMatch(c -> "answer".equals(c.header("execute-app-name")));
            awaitCallReleased(rig);
        }
    }

    @Test
    void inboundCallIsAnsweredBeforeMediaStarts() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall call = rig.switchboard.place(io.callrobot.sim.SimCallSpec
                    .inbound("127.0.0.1", rig.robot.eslPort()).withVariable("robot_flow", "assistant-zh"));
            call.awaitFirstRobotAudio(WAIT);
            assertThat(call.isAnswered()).isTrue();
            List<String> apps = call.commands().stream()
                    .map(c -> c.header("execute-app-name") != null ? c.header("execute-app-name") : c.header("call-command"))
                    .filter(a -> a != null).toList();
            assertThat(apps).containsSubsequence("answer", "unicast");
            call.hangup("NORMAL_CLEARING");
            assertThat(rig.record(call.uuid()).direction()).isEqualTo("inbound");
        }
    }

    @Test
    void wideband16kHzCallWithComfortNoiseIsHeardAtItsOwnRate() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall call = rig.switchboard.place(io.callrobot.sim.SimCallSpec
                    .outbound("127.0.0.1", rig.robot.eslPort(), "13800138000").withSampleRate(16000)
                    .withComfortNoise(true).withVariable("robot_flow", "payment-reminder-zh")
                    .withVariable("customer_name", "李四"));
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            // at 16 kHz every 20 ms frame is 320 samples = 640 bytes of L16
            assertThat(call.robotFrames()).allMatch(f -> f.payload().length == 640);
            call.pressDtmf('1');
            call.awaitRobotAudioAfter(call.robotFrameCount(), WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(robotText(record)).contains("李四");
            assertThat(record.media().comfortNoiseIn()).isPositive();
            assertThat(record.media().malformedIn()).isZero();
        }
    }

    @Test
    void keypadZeroTransfersToTheAgentExtension() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            call.pressDtmf('0');
            CallRecord record = rig.record(call.uuid());
            // the robot's part ends at the +OK, which may come before the simulator has run the app
            assertThat(call.commands()).anyMatch(c -> "transfer".equals(c.header("execute-app-name"))
                    && "1000".equals(c.header("execute-app-arg")));
            assertThat(record.result()).isEqualTo("transfer_agent");
            assertThat(record.transferredTo()).isEqualTo("1000");
            assertThat(robotText(record)).contains("正在为您转接人工客服");
            assertThat(record.turns()).anyMatch(t -> "dtmf".equals(t.input()) && t.text().equals("0"));
            awaitCallReleased(rig);
        }
    }

    @Test
    void keypadWalksTheScriptedFlowToItsResult() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            assertThat(Rig.confirmAndPromiseByKeypad(call, WAIT, QUIET)).isEqualTo("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("promise_to_pay");
            assertThat(robotText(record)).contains("本期应还金额1280.50元").contains("再见");
            TurnRecord afterKey = record.turns().stream()
                    .filter(t -> t.speaker().equals("robot") && t.latency().containsKey("voice_to_voice"))
                    .findFirst().orElseThrow();
            assertThat(afterKey.latency()).containsKeys("eou", "tts_first_text", "tts_first_audio",
                    "first_frame_out", "robot_overhead");
        }
    }

    @Test
    void llmAnswerStartsPlayingWhileTheLlmIsStillWriting() throws Exception {
        String answer = "好的，我来帮您查一下。您本期账单应还一千二百八十元五角，最后还款日是十二月五日，"
                + "您可以通过手机银行、柜台或者自动扣款的方式还款，如果需要分期也可以告诉我。";
        FakeLlmServer.Settings slow = FakeLlmServer.Settings.defaults().withAnswer(answer)
                .withDelays(Duration.ofMillis(200), Duration.ofMillis(150));
        try (Rig rig = new Rig(slow, FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults().withTranscripts(List.of("我想查一下我的账单")), Rig.ENERGY_VAD)) {
            SimulatedCall call = rig.call("assistant-zh", Map.of());
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            int greetingFrames = call.robotFrameCount();
            call.play(Rig.utterance(1.2));
            call.awaitRobotAudioAfter(greetingFrames, WAIT);
            // ~40 tokens at 150 ms each: the stream runs for 6 s; the answer must already be audible
            assertThat(rig.llm.answersCompleted()).isZero();
            call.awaitRobotSilence(QUIET, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.turns()).anyMatch(t -> "speech".equals(t.input()) && t.text().equals("我想查一下我的账单"));
            TurnRecord reply = record.turns().stream()
                    .filter(t -> t.speaker().equals("robot") && t.latency().containsKey("llm_first_token"))
                    .findFirst().orElseThrow();
            assertThat(reply.text()).isEqualTo(answer);
            assertThat(reply.latency()).containsKeys("eou", "asr_final", "llm_request", "llm_first_token",
                    "tts_first_text", "tts_first_audio", "first_frame_out", "voice_to_voice", "robot_overhead");
            assertThat(reply.latency().get("first_frame_out")).isLessThan(reply.latency().get("voice_to_voice") + 1e6);
        }
    }

    @Test
    void callerInterruptingStopsPlayoutAndHistoryKeepsOnlyWhatWasHeard() throws Exception {
        String answer = "您好，关于您的问题，我需要先说明一下我们的还款政策：每月账单日后二十天内还清全部欠款即可免息，"
                + "如果只还最低还款额，剩余部分会按日计息，另外逾期还会产生违约金并影响个人征信记录。";
        FakeLlmServer.Settings llm = FakeLlmServer.Settings.defaults().withAnswer(answer)
                .withDelays(Duration.ofMillis(100), Duration.ofMillis(10));
        try (Rig rig = new Rig(llm, FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults().withTranscripts(List.of("还款政策是什么", "好的我知道了")),
                Rig.ENERGY_VAD)) {
            SimulatedCall call = rig.call("assistant-zh", Map.of());
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            int before = call.robotFrameCount();
            call.play(Rig.utterance(1.0));
            call.awaitRobotAudioAfter(before, WAIT);
            int answering = call.robotFrameCount();
            call.awaitRobotAudioAfter(answering + 50, WAIT);  // a second of the answer has been heard
            call.play(Rig.utterance(1.0));                      // the caller talks over the robot
            call.awaitCallerAudioSent(WAIT);
            long interruption = call.callerUtteranceStartNanos();
            call.awaitRobotSilence(QUIET, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());

            TurnRecord cut = record.turns().stream().filter(TurnRecord::interrupted).findFirst().orElseThrow();
            assertThat(cut.text()).isNotEmpty().isNotEqualTo(answer);
            assertThat(answer).startsWith(cut.text());
            assertThat(cut.latency()).containsKey("barge_in_stop");
            // playout stopped: within the VAD's 120 ms confirmation plus a few frames, the frames pause
            long lastBeforeGap = lastFrameBeforeGap(call.robotFrames(), interruption, 300_000_000L);
            assertThat((lastBeforeGap - interruption) / 1e6).isLessThan(400);
        }
    }

    @Test
    void sileroVadHearsRealSpeechAndLetsTheCallerInterrupt() throws Exception {
        String answer = "您好，关于您的问题，我需要先说明一下我们的还款政策：每月账单日后二十天内还清全部欠款即可免息，"
                + "如果只还最低还款额，剩余部分会按日计息。";
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults().withAnswer(answer), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults().withTranscripts(List.of("还款政策是什么", "好的我知道了")),
                Map.of("CALLROBOT_VAD_ENGINE", "silero"))) {
            io.callrobot.media.PcmAudio question = new CallerVoice().say("你好，我想问一下还款政策是什么");
            SimulatedCall call = rig.call("assistant-zh", Map.of());
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            int before = call.robotFrameCount();
            call.play(question);
            call.awaitRobotAudioAfter(before, WAIT);
            call.awaitRobotAudioAfter(call.robotFrameCount() + 50, WAIT);
            call.play(question);
            call.awaitCallerAudioSent(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            TurnRecord cut = record.turns().stream().filter(TurnRecord::interrupted).findFirst().orElseThrow();
            assertThat(answer).startsWith(cut.text());
            assertThat(cut.text()).isNotEqualTo(answer);
            assertThat(cut.latency()).containsKey("barge_in_stop");
        }
    }

    @Test
    void openAiAsrTranscribesTheUtteranceTheSileroVadCut() throws Exception {
        java.util.concurrent.BlockingQueue<okhttp3.mockwebserver.RecordedRequest> uploads =
                new java.util.concurrent.LinkedBlockingQueue<>();
        try (okhttp3.mockwebserver.MockWebServer whisper = new okhttp3.mockwebserver.MockWebServer()) {
            whisper.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
                @Override
                public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                    uploads.add(request);
                    return new okhttp3.mockwebserver.MockResponse().setHeader("Content-Type", "application/json")
                            .setBody("{\"text\":\"还款政策是什么\"}");
                }
            });
            whisper.start();
            try (Rig rig = new Rig(FakeLlmServer.Settings.defaults().withAnswer("每月账单日后二十天内还清即可免息。"),
                    FakeTtsServer.Settings.defaults(), FakeFunAsrServer.Settings.defaults(),
                    Map.of("CALLROBOT_VAD_ENGINE", "silero", "CALLROBOT_ASR_PROVIDER", "openai",
                            "CALLROBOT_ASR_OPENAI_BASE_URL", whisper.url("/v1").toString()))) {
                io.callrobot.media.PcmAudio question = new CallerVoice().say("你好，我想问一下还款政策是什么");
                SimulatedCall call = rig.call("assistant-zh", Map.of());
                call.awaitFirstRobotAudio(WAIT);
                call.awaitRobotSilence(QUIET, WAIT);
                int before = call.robotFrameCount();
                call.play(question);
                call.awaitRobotAudioAfter(before, WAIT);
                call.awaitRobotSilence(QUIET, WAIT);
                call.hangup("NORMAL_CLEARING");
                CallRecord record = rig.record(call.uuid());

                assertThat(record.turns()).anyMatch(t -> "speech".equals(t.input()) && t.text().equals("还款政策是什么"));
                assertThat(robotText(record)).contains("每月账单日后二十天内还清即可免息");
                okhttp3.mockwebserver.RecordedRequest upload = uploads.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(upload.getPath()).isEqualTo("/v1/audio/transcriptions");
                String form = upload.getBody().clone().readString(java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(form).contains("name=\"model\"").contains("name=\"file\"").contains("RIFF");
                // the WAV holds the whole question: at least its length, plus at most pre-roll and hangover
                long wavBytes = upload.getBodySize();
                double seconds = (wavBytes - 44) / 2.0 / 8000;
                assertThat(seconds).isGreaterThan(question.seconds() - 0.3).isLessThan(question.seconds() + 2.5);
                assertThat(uploads).as("one utterance, one request").isEmpty();
                assertThat(rig.robot.metrics().scrape()).contains("callrobot_asr_skipped_utterances_total 0.0");
            }
        }
    }

    /** The arrival of the last robot frame before the first pause of at least {@code gapNanos} after {@code from}. */
    static long lastFrameBeforeGap(List<RobotFrame> frames, long from, long gapNanos) {
        long previous = from;
        for (RobotFrame f : frames) {
            if (f.arrivalNanos() < from) {
                continue;
            }
            if (f.arrivalNanos() - previous >= gapNanos) {
                return previous;
            }
            previous = f.arrivalNanos();
        }
        return previous;
    }

    @Test
    void callerHangingUpDuringSpeechReleasesEverything() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            call.awaitRobotAudioAfter(10, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("caller_hangup");
            assertThat(record.turns()).anyMatch(TurnRecord::interrupted);
            awaitCallReleased(rig);
            int frames = call.robotFrameCount();
            assertThat(rig.robot.metrics().scrape()).contains("callrobot_calls_total{result=\"caller_hangup\"} 1.0");
            assertThat(call.robotFrames()).hasSize(frames);
        }
    }
}
