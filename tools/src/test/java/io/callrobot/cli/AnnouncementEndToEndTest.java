package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.bench.CallerVoice;
import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.media.PcmAudio;
import io.callrobot.ops.CallRecord;
import io.callrobot.sim.Announcement;
import io.callrobot.sim.Callee;
import io.callrobot.sim.InboundSettings;
import io.callrobot.sim.RobotFrame;
import io.callrobot.sim.SimulatedCall;
import io.callrobot.store.AttemptRow;
import io.callrobot.store.ContactRow;
import io.callrobot.store.ContactStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign call answered by a carrier's announcement, through the dialer, the simulator's event
 * socket and the robot's outbound socket: espeak-ng speaks the announcement, the fake FunASR server
 * recognises it as its text, and answering-machine detection hangs up before the robot says a word;
 * the attempt is classified and retried (or not) by the campaign's default retry rules. A person's
 * "喂，你好" gets the flow's opening instead.
 */
class AnnouncementEndToEndTest {

    private static final String PHONE = "13900000001";
    /** espeak-ng's Mandarin is slow; carriers' recordings speak about this much faster (see AmdBench). */
    private static final double MANDARIN_SPEED = 1.7;
    /** Carriers play their message more than once with a pause between before clearing the line. */
    private static final Duration CARRIER_PAUSE = Duration.ofSeconds(1);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CallerVoice voice = new CallerVoice();

    @Test
    void aPhoneSwitchedOffIsHungUpSilentlyAndRetriedAsUnreachable() throws Exception {
        PcmAudio speech = speak("您拨打的电话已关机");
        int port = CampaignEndToEndTest.freePort();
        try (Rig rig = rig("您拨打的电话已关机", port)) {
            CompletableFuture<SimulatedCall> answered = startInbound(rig, port, Callee.announcing(Announcement.of(speech).times(2, CARRIER_PAUSE)),
                    call -> { });
            long campaign = startCampaign(api(rig));
            SimulatedCall call = answered.get(20, TimeUnit.SECONDS);
            call.awaitHangup(Duration.ofSeconds(20));

            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("unreachable");
            assertThat(record.amd().result()).isEqualTo("unreachable");
            assertThat(record.amd().action()).isEqualTo("hangup");
            assertThat(record.amd().evidence()).contains("已关机");
            assertNoRobotSpeech(call, record);

            ContactRow contact = awaitSettled(rig, campaign, ContactStatus.RETRY_WAIT);
            AttemptRow attempt = rig.robot.store().attempts().get(call.uuid()).orElseThrow();
            // the switch answered; the result tag is what the retry rules classify (RetryPolicy.detectedOutcome)
            assertThat(attempt.outcome()).isEqualTo("answered");
            assertThat(attempt.result()).isEqualTo("unreachable");
            assertThat(contact.result()).isEqualTo("unreachable");
            assertThat(contact.attempts()).isEqualTo(1);
            // RetrySettings.defaults(): a phone switched off is tried again two hours later
            assertThat(contact.nextAttemptAt()).isBetween(attempt.endedAt().plus(Duration.ofMinutes(119)),
                    attempt.endedAt().plus(Duration.ofMinutes(121)));
        }
    }

    @Test
    void aVacantNumberBehindSitTonesEndsInvalidAndIsNeverRetried() throws Exception {
        Announcement vacant = Announcement.of(speak("您拨打的号码是空号")).times(2, CARRIER_PAUSE).afterSit("IC");
        int port = CampaignEndToEndTest.freePort();
        try (Rig rig = rig("您拨打的号码是空号", port)) {
            CompletableFuture<SimulatedCall> answered = startInbound(rig, port, Callee.announcing(vacant), call -> { });
            long campaign = startCampaign(api(rig));
            SimulatedCall call = answered.get(20, TimeUnit.SECONDS);
            call.awaitHangup(Duration.ofSeconds(20));

            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("invalid_number");
            assertThat(record.amd().result()).isEqualTo("invalid_number");
            assertNoRobotSpeech(call, record);

            ContactRow contact = awaitSettled(rig, campaign, ContactStatus.DONE);
            assertThat(contact.result()).isEqualTo("invalid_number");
            assertThat(contact.nextAttemptAt()).isNull();
            assertThat(contact.attempts()).isEqualTo(1);
            assertThat(rig.robot.store().attempts().get(call.uuid()).orElseThrow().result()).isEqualTo("invalid_number");
        }
    }

    @Test
    void aPersonAnsweringGetsTheOpening() throws Exception {
        PcmAudio hello = speak("喂，你好");
        int port = CampaignEndToEndTest.freePort();
        try (Rig rig = rig("喂，你好", port)) {
            CompletableFuture<SimulatedCall> answered = startInbound(rig, port, Callee.answer(), call -> call.play(hello));
            startCampaign(api(rig));
            SimulatedCall call = answered.get(20, TimeUnit.SECONDS);
            call.awaitFirstRobotAudio(Duration.ofSeconds(15));
            call.awaitRobotSilence(Duration.ofMillis(600), Duration.ofSeconds(15));
            call.hangup("NORMAL_CLEARING");

            CallRecord record = rig.record(call.uuid());
            assertThat(record.amd().result()).isEqualTo("human");
            assertThat(record.amd().action()).isEqualTo("continue");
            assertThat(record.turns()).anySatisfy(turn -> {
                assertThat(turn.speaker()).isEqualTo("robot");
                assertThat(turn.text()).contains("本次通话可能会被录音");
            });
            assertThat(peak(call.robotAudio())).isGreaterThan(1000);
        }
    }

    @Test
    void aVoicemailGetsTheFlowsMessageAfterTheBeepThenTheCallEnds(@TempDir Path flows) throws Exception {
        Files.writeString(flows.resolve("voicemail-zh.yaml"), """
                name: voicemail-zh
                language: zh-CN
                start: opening
                amd: {machine: leave_message, voicemail: "${customer_name}您好，这里是华信银行，请您尽快回电。"}
                nodes:
                  opening:
                    say: 您好，请问是${customer_name}本人吗？
                    next: bye
                  bye:
                    say: 再见。
                    hangup: {result: done}
                """);
        Announcement greeting = Announcement.of(speak("您好，机主现在无法接听您的电话，请在提示音后留言"))
                .thenBeep(Duration.ofMillis(300));
        int port = CampaignEndToEndTest.freePort();
        try (Rig rig = rig("您好，机主现在无法接听您的电话，请在提示音后留言", port,
                Map.of("CALLROBOT_DIALOG_FLOWS_DIR", flows.toString()))) {
            CompletableFuture<SimulatedCall> answered = startInbound(rig, port, Callee.announcing(greeting), call -> { });
            startCampaign(api(rig), "voicemail-zh");
            SimulatedCall call = answered.get(20, TimeUnit.SECONDS);
            assertThat(call.awaitHangup(Duration.ofSeconds(30))).isEqualTo("NORMAL_CLEARING");

            CallRecord record = rig.record(call.uuid());
            assertThat(record.amd().result()).isEqualTo("machine");
            assertThat(record.amd().action()).isEqualTo("leave_message");
            assertThat(record.result()).isEqualTo("machine_message_left");
            assertThat(record.turns()).filteredOn(turn -> turn.speaker().equals("robot"))
                    .extracting(turn -> turn.text()).containsExactly("张三您好，这里是华信银行，请您尽快回电。");
            // the message starts once the beep is over, and is heard whole
            long beepOver = call.lastVoicedCallerFrameNanos();
            RobotFrame firstVoiced = call.robotFrames().stream().filter(f -> peak(f.payload()) > 1000).findFirst()
                    .orElseThrow(() -> new AssertionError("the robot never spoke"));
            assertThat(firstVoiced.arrivalNanos()).isGreaterThan(beepOver);
            assertThat(call.robotAudio().seconds()).isGreaterThan(1.0);
        }
    }

    /** The robot sent no voiced audio before hanging up, and its record has no robot turn. */
    private static void assertNoRobotSpeech(SimulatedCall call, CallRecord record) {
        assertThat(peak(call.robotAudio())).as("robot audio peak").isLessThan(500);
        assertThat(record.turns()).noneSatisfy(turn -> {
            assertThat(turn.speaker()).isEqualTo("robot");
            assertThat(turn.text()).isNotBlank();
        });
    }

    private PcmAudio speak(String text) throws Exception {
        return voice.say(text, MANDARIN_SPEED).resampled(8000);
    }

    /** A robot whose recogniser hears every utterance as {@code heard}, dialling through the simulator. */
    private static Rig rig(String heard, int inboundPort) throws Exception {
        return rig(heard, inboundPort, Map.of());
    }

    private static Rig rig(String heard, int inboundPort, Map<String, String> overrides) throws Exception {
        Map<String, String> env = new HashMap<>(CampaignEndToEndTest.dialerOn(inboundPort));
        env.putAll(overrides);
        env.putAll(Rig.ENERGY_VAD);
        FakeFunAsrServer.Settings asr = new FakeFunAsrServer.Settings(List.of(), heard, Duration.ofMillis(200),
                Duration.ofMillis(500), Duration.ofMillis(300), Duration.ZERO);
        return new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(), asr, env);
    }

    /** The switch's event socket on {@code port}; {@link #PHONE} goes as {@code callee} says. */
    private static CompletableFuture<SimulatedCall> startInbound(Rig rig, int port, Callee callee,
            Consumer<SimulatedCall> then) throws Exception {
        CompletableFuture<SimulatedCall> answered = new CompletableFuture<>();
        rig.switchboard.startInbound(InboundSettings.defaults().withPort(port).withSessionsPerSecond(200)
                .withCallee(PHONE, callee), call -> {
                    then.accept(call);
                    answered.complete(call);
                });
        return answered;
    }

    /** A one-contact campaign of the payment reminder with the default retry rules, started. */
    private long startCampaign(String api) throws Exception {
        return startCampaign(api, "payment-reminder-zh");
    }

    private long startCampaign(String api, String flow) throws Exception {
        String body = """
                {"name": "AMD e2e", "flow": "%s", "dialString": "loopback/${phone}/default",
                 "callerIds": ["02150001000"], "variables": {"due_date": "12月5日"},
                 "window": {"timezone": "UTC", "days": ["mon","tue","wed","thu","fri","sat","sun"], "hours": ["00:00-24:00"]},
                 "pacing": {"maxConcurrent": 1, "callsPerSecond": 1}}
                """.formatted(flow);
        long id = post(api + "/api/campaigns", "application/json", body, 201).path("id").asLong();
        post(api + "/api/campaigns/" + id + "/contacts", "text/csv", "phone,customer_name,amount\n" + PHONE + ",张三,100\n", 200);
        post(api + "/api/campaigns/" + id + "/start", "application/json", "", 200);
        return id;
    }

    /** The contact, once its attempt has settled it in {@code status}. */
    private static ContactRow awaitSettled(Rig rig, long campaign, ContactStatus status) {
        return Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> rig.robot.store().contacts().find(campaign, PHONE).orElseThrow(), c -> c.status() == status);
    }

    private JsonNode post(String url, String type, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return json.readTree(response.body());
    }

    private static String api(Rig rig) {
        return "http://127.0.0.1:" + rig.robot.httpPort();
    }

    /** The peak of one L16 frame as the robot sends it (little-endian, as SimulatedCall reads it). */
    private static int peak(byte[] frame) {
        int peak = 0;
        for (int i = 0; i + 1 < frame.length; i += 2) {
            peak = Math.max(peak, Math.abs((short) ((frame[i] & 0xFF) | (frame[i + 1] << 8))));
        }
        return peak;
    }

    private static int peak(PcmAudio audio) {
        int peak = 0;
        for (short s : audio.samples()) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }
}
