package io.callrobot.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.cli.Rig;
import io.callrobot.sim.SimulatedCall;
import io.callrobot.store.CallRecordSummary;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Call history and call detail in a real browser: a simulated call that has ended is found by the
 * end of its number and by words said in it, and its detail shows the transcript turn by turn and
 * the robot turns' latency waterfall; an interrupted turn shows what was heard against what was meant;
 * a recorded call plays, with its waveform drawn, and clicking a turn seeks to it.
 */
class CallHistoryBrowserTest extends BrowserTest {

    private static final Map<String, String> CUSTOMER = Map.of("customer_name", "张三", "amount", "1280.50",
            "due_date", "12月5日");

    /** A keypad walk through the payment reminder (three robot turns), stored once it has ended. */
    private static String finishedCall(Rig rig) throws Exception {
        SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
        Rig.confirmAndPromiseByKeypad(call, WAIT, Duration.ofMillis(1200));
        await().atMost(WAIT).until(() -> rig.robot.store().callRecords().get(call.uuid()).isPresent());
        return call.uuid();
    }

    private WebElement rowOf(String uuid) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-test=calls-row][data-uuid=\"" + uuid + "\"]")));
    }

    @Test
    void aFinishedCallIsFoundByItsNumberSuffixAndByWordsSaidAndItsDetailShowsTranscriptAndLatency() throws Exception {
        try (Rig rig = Rig.standard()) {
            String uuid = finishedCall(rig);
            // the flow asks for no summary: one is stored as the summarizer would, to be shown above the transcript
            rig.robot.store().callRecords().saveSummary(uuid, CallRecordSummary.of("客户承诺按时还款。意向：高"));

            // the filter lives in the URL: a shared link opens the same search
            open(rig, "/calls?range=all&number=8000");
            WebElement row = rowOf(uuid);
            assertThat(row.getText()).contains("payment-reminder-zh").contains("8000");
            assertThat(attribute(byTest("calls-number"), "value")).isEqualTo("8000");
            screenshot("calls-by-number");

            open(rig, "/calls?range=all&number=1234");
            visible("calls-empty");

            // a search typed into the filter bar goes into the URL
            open(rig, "/calls");
            visible("calls-filter");
            WebElement words = browser.findElement(byTest("calls-q"));
            words.sendKeys("张三本人");
            browser.findElement(byTest("calls-search")).click();
            waiting().until(ExpectedConditions.urlContains("q=" + URLEncoder.encode("张三本人", StandardCharsets.UTF_8)));
            rowOf(uuid);
            open(rig, "/calls?range=all&q=" + URLEncoder.encode("没有人说过的话", StandardCharsets.UTF_8));
            visible("calls-empty");
            open(rig, "/calls?range=all&q=" + URLEncoder.encode("张三本人", StandardCharsets.UTF_8));

            rowOf(uuid).click();
            waiting().until(ExpectedConditions.urlContains("#/call/" + uuid));
            visible("call-transcript");
            assertThat(read(byTest("call-number"), WebElement::getText)).endsWith("8000");
            assertThat(read(byTest("call-flow"), WebElement::getText)).isEqualTo("payment-reminder-zh");
            List<WebElement> turns = browser.findElements(byTest("call-turn"));
            assertThat(turns).hasSizeGreaterThanOrEqualTo(5);
            assertThat(turns.get(0).getAttribute("data-speaker")).isEqualTo("robot");
            assertThat(turns).anyMatch(t -> "robot".equals(t.getAttribute("data-speaker"))
                    && t.getText().contains("张三本人"));
            assertThat(turns).anyMatch(t -> "caller".equals(t.getAttribute("data-speaker")) && t.getText().contains("1"));

            // robot turns answering a key press pass every mark from eou to the first frame out
            List<WebElement> rows = browser.findElements(byTest("waterfall-row"));
            assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
            List<WebElement> bars = browser.findElements(byTest("waterfall-bar"));
            assertThat(bars).anyMatch(b -> "first_frame_out".equals(b.getAttribute("data-stage")));
            // hovering a bar (the widest: a thin one is hard to point at) tells its stage and length
            WebElement bar = bars.stream().max(java.util.Comparator.comparingDouble(
                    b -> Double.parseDouble(b.getAttribute("width")))).orElseThrow();
            new Actions(browser).moveToElement(bar).perform();
            waiting().until(ExpectedConditions.textMatches(byTest("call-waterfall-detail"), java.util.regex.Pattern
                    .compile("→ " + bar.getAttribute("data-stage") + " = \\d+ ms")));
            assertThat(read(byTest("call-no-recording"), WebElement::isDisplayed)).isTrue();
            assertThat(read(byTest("call-summary"), WebElement::getText)).contains("客户承诺按时还款。意向：高");
            screenshot("call-detail");
        }
    }

    @Test
    void anInterruptedTurnShowsWhatWasHeardAndStrikesWhatWasLeftUnsaid() throws Exception {
        String answer = "您好，关于您的问题，我需要先说明一下我们的还款政策：每月账单日后二十天内还清全部欠款即可免息，"
                + "如果只还最低还款额，剩余部分会按日计息，另外逾期还会产生违约金并影响个人征信记录。";
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults().withAnswer(answer)
                .withDelays(Duration.ofMillis(100), Duration.ofMillis(10)), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults().withTranscripts(List.of("还款政策是什么", "我要转人工")),
                Rig.ENERGY_VAD)) {
            SimulatedCall call = rig.call("assistant-zh", Map.of());
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(Duration.ofMillis(1200), WAIT);
            int before = call.robotFrameCount();
            call.play(Rig.utterance(1.0));
            call.awaitRobotAudioAfter(before, WAIT);
            call.awaitRobotAudioAfter(call.robotFrameCount() + 50, WAIT); // a second of the answer heard
            call.play(Rig.utterance(1.2));
            call.awaitCallerAudioSent(WAIT);
            call.awaitRobotSilence(Duration.ofMillis(300), WAIT);
            call.hangup("NORMAL_CLEARING");
            await().atMost(WAIT).until(() -> rig.robot.store().callRecords().get(call.uuid()).isPresent());

            open(rig, "/call/" + call.uuid());
            WebElement unsaid = visible("call-unsaid");
            assertThat(answer).endsWith(unsaid.getText());
            assertThat(unsaid.getTagName()).isEqualTo("s");
            WebElement cut = browser.findElements(byTest("call-turn")).stream()
                    .filter(t -> !t.findElements(byTest("call-unsaid")).isEmpty()).findFirst().orElseThrow();
            assertThat(cut.findElement(byTest("call-interrupted")).getText()).isEqualTo("被打断");
            String heard = cut.findElement(By.cssSelector(".call-heard")).getText();
            assertThat(heard).isNotEmpty();
            assertThat(heard + unsaid.getText()).isEqualTo(answer);
            screenshot("call-detail-interrupted");
        }
    }

    @Test
    void aRecordedCallPlaysInItsDetailAndClickingATurnSeeksToIt(@TempDir Path recordings) throws Exception {
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults(), Map.of("CALLROBOT_RECORDING_ENABLED", "true",
                        "CALLROBOT_RECORDING_DIR", recordings.toString()))) {
            String uuid = finishedCall(rig);
            JsonNode record = new ObjectMapper().readTree(rig.robot.store().callRecords().get(uuid).orElseThrow()
                    .recordJson());
            long offset = record.path("recording").path("offsetMillis").asLong();

            open(rig, "/call/" + uuid);
            WebElement audio = visible("call-audio");
            // the waveform is drawn from the decoded file
            waiting().until(ExpectedConditions.attributeToBe(byTest("call-wave"), "data-drawn", "true"));
            browser.executeScript("arguments[0].play()", audio); // what the play button does
            waiting().until(d -> currentTime(audio) > 0);
            browser.executeScript("arguments[0].pause()", audio);

            // the caller's second key press began where the robot's question before it ended
            List<WebElement> turns = browser.findElements(byTest("call-turn"));
            int last = turns.size() - 1;
            long start = record.path("turns").get(last - 1).path("atMillis").asLong();
            double expected = Math.max(0, (start - offset) / 1000.0);
            turns.get(last).click();
            waiting().until(d -> currentTime(audio) >= expected - 0.05);
            assertThat(currentTime(audio)).isLessThan(expected + 5);
            screenshot("call-detail-recording");
        }
    }

    private double currentTime(WebElement audio) {
        return ((Number) browser.executeScript("return arguments[0].currentTime", audio)).doubleValue();
    }
}
