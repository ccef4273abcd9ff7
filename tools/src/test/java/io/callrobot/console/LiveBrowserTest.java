package io.callrobot.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.cli.Rig;
import io.callrobot.sim.SimulatedCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The live calls page: a simulated call appears, its conversation grows as it happens, ops hang it up. */
class LiveBrowserTest extends BrowserTest {

    private static final Duration QUIET = Duration.ofMillis(1200);

    private WebElement card(String uuid) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-test=\"live-call\"][data-uuid=\"" + uuid + "\"]")));
    }

    private void connected() {
        waiting().until(ExpectedConditions.attributeToBe(byTest("live-connection"), "data-state", "open"));
    }

    @Test
    void aSimulatedCallAppearsAndItsTranscriptGrowsAsTheCallerSpeaks() throws Exception {
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults().withAnswer("好的，我来帮您查一下本月的账单。"),
                FakeTtsServer.Settings.defaults(), FakeFunAsrServer.Settings.defaults().withTranscripts(
                        List.of("我想查一下这个月的账单")), Rig.ENERGY_VAD)) {
            open(rig, "/live");
            connected();
            assertThat(visible("live-empty").getText()).isEqualTo("当前没有进行中的通话");
            // notes whether a partial transcript was ever shown: partials live only until the final
            browser.executeScript("window.sawPartial = false; new MutationObserver(() => {"
                    + " if (document.querySelector('[data-test=live-partial]')) window.sawPartial = true; })"
                    + ".observe(document.body, { childList: true, subtree: true, characterData: true });");

            SimulatedCall call = rig.call("assistant-zh", Map.of());
            WebElement card = card(call.uuid());
            assertThat(card.findElement(byTest("live-number")).getText()).isEqualTo("13800138000");
            call.awaitFirstRobotAudio(WAIT);
            waiting().until(d -> "true".equals(card.findElement(byTest("live-speaking-robot")).getAttribute("data-on")));
            call.awaitRobotSilence(QUIET, WAIT);
            waiting().until(d -> !card.findElements(byTest("live-line-robot")).isEmpty());

            call.play(Rig.utterance(1.5));
            waiting().until(d -> "true".equals(card.findElement(byTest("live-speaking-caller")).getAttribute("data-on")));
            waiting().until(d -> card.findElements(byTest("live-line-caller")).stream()
                    .anyMatch(e -> e.getText().contains("我想查一下这个月的账单")));
            assertThat((Boolean) browser.executeScript("return window.sawPartial")).as("a partial was shown").isTrue();
            waiting().until(d -> card.findElements(byTest("live-line-robot")).stream()
                    .anyMatch(e -> e.getText().contains("本月的账单")));
            assertThat(card.findElement(byTest("live-duration")).getText()).matches("\\d+:\\d\\d");
            screenshot("live-call-transcript");

            call.hangup("NORMAL_CLEARING");
            assertThat(visible("live-ended").getText()).contains("caller_hangup");
            waiting().until(ExpectedConditions.invisibilityOfElementLocated(byTest("live-call")));
        }
    }

    @Test
    void hangingUpFromThePageEndsTheCallInTheSwitch() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall call = rig.call("payment-reminder-zh", Map.of("customer_name", "张三"));
            call.awaitFirstRobotAudio(WAIT);
            open(rig, "/live");
            connected();
            WebElement card = card(call.uuid()); // from the snapshot: the call was under way before the page opened
            waiting().until(d -> !card.findElements(byTest("live-line-robot")).isEmpty());
            WebElement hangup = card.findElement(byTest("live-hangup"));
            hangup.click();
            assertThat(hangup.getText()).isEqualTo("确认挂断？");
            screenshot("live-hangup-confirm");
            hangup.click();

            assertThat(call.awaitHangup(WAIT)).isEqualTo("NORMAL_CLEARING");
            assertThat(rig.record(call.uuid()).result()).isEqualTo("ops_hangup");
            assertThat(visible("live-ended").getText()).contains("ops_hangup");
        }
    }

    @Test
    void aTransferAsksForItsTargetAndHandsTheCallerOn() throws Exception {
        try (Rig rig = Rig.standard()) {
            open(rig, "/live");
            connected();
            SimulatedCall call = rig.call("payment-reminder-zh", Map.of("customer_name", "张三"));
            WebElement card = card(call.uuid());
            card.findElement(byTest("live-transfer")).click();
            WebElement target = visible("live-transfer-to");
            target.sendKeys("80 01");
            browser.findElement(byTest("live-transfer-confirm")).click();
            waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".live-dialog .error")));
            screenshot("live-transfer-dialog");
            target.clear();
            target.sendKeys("8001");
            browser.findElement(byTest("live-transfer-confirm")).click();

            waiting().until(d -> call.transferredTo().isPresent());
            assertThat(call.transferredTo()).hasValue("8001");
            assertThat(rig.record(call.uuid()).result()).isEqualTo("ops_transfer");
        }
    }
}
