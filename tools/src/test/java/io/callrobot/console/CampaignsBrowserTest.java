package io.callrobot.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.cli.Rig;
import io.callrobot.sim.Callee;
import io.callrobot.sim.InboundSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The campaigns pages against a robot whose dialer places calls through the simulator's event
 * socket: a campaign is created in the form, its contacts uploaded from a CSV file (a bad row's
 * rejection shown by line), started, and its page shows contacts in a call and then done.
 */
class CampaignsBrowserTest extends BrowserTest {

    private static final List<String> NUMBERS = List.of("13900000001", "13900000002", "13900000003", "13900000004",
            "13900000005", "13900000006");

    @TempDir
    Path dir;

    @Test
    void aCampaignIsCreatedFromACsvUploadStartedAndShowsItsProgress() throws Exception {
        int port = freePort();
        InboundSettings settings = InboundSettings.defaults().withPort(port).withSessionsPerSecond(200)
                .withCallee(NUMBERS.get(3), Callee.hangup("UNALLOCATED_NUMBER"))
                .withCallee(NUMBERS.get(4), Callee.hangup("CALL_REJECTED"))
                .withOtherCallees(Callee.answer());
        Map<String, String> dialer = Map.of("CALLROBOT_DIALER_ENABLED", "true",
                "CALLROBOT_ESL_INBOUND_PORT", Integer.toString(port),
                "CALLROBOT_DIALER_RING_TIMEOUT", "1s",
                "CALLROBOT_DIALER_SESSIONS_PER_SECOND", "100",
                "CALLROBOT_DIALER_END_GRACE", "2s");
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults(), dialer)) {
            // the callee talks for 6 s (longer than the page's 5 s refresh), then hangs up
            rig.switchboard.startInbound(settings, call -> CompletableFuture.delayedExecutor(6, TimeUnit.SECONDS)
                    .execute(() -> call.hangup("NORMAL_CLEARING")));
            open(rig, "/campaigns");
            visible("campaigns-empty");

            visible("campaign-new").click();
            WebElement form = visible("campaign-form");
            type(form, "campaign-name", "十二月还款提醒");
            WebElement flow = form.findElement(byTest("campaign-flow"));
            if (flow.getTagName().equals("select")) {
                new Select(flow).selectByValue("payment-reminder-zh");
            } else {
                flow.sendKeys("payment-reminder-zh");
            }
            type(form, "campaign-dial-string", "loopback/${phone}/default");
            form.findElement(byTest("campaign-day-sat")).click();
            form.findElement(byTest("campaign-day-sun")).click();
            List<WebElement> hours = form.findElements(byTest("campaign-hours"));
            hours.get(1).findElement(By.name("to")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "13:00");
            form.findElement(byTest("campaign-create")).click();
            // the API's refusal names window.hours[1]: shown on that row
            WebElement hoursError = waiting().until(ExpectedConditions.visibilityOf(
                    hours.get(1).findElement(byTest("field-error"))));
            assertThat(hoursError.getText()).contains("14:00-13:00");
            screenshot("campaigns-create-form");

            hours.get(1).findElement(byTest("campaign-hours-remove")).click();
            hours.get(0).findElement(By.name("from")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "00:00");
            hours.get(0).findElement(By.name("to")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "24:00");
            type(form, "campaign-cps", "5");
            type(form, "campaign-max-concurrent", "6");
            type(form, "campaign-variables", "due_date=12月5日");
            form.findElement(byTest("campaign-create")).click();

            WebElement upload = visible("campaign-upload-step");
            Path csv = dir.resolve("contacts.csv");
            StringBuilder rows = new StringBuilder("phone,customer_name,amount\n");
            for (int i = 0; i < NUMBERS.size(); i++) {
                rows.append(NUMBERS.get(i)).append(",客户").append(i).append(",\"1,28").append(i).append(".00\"\n");
            }
            rows.append("12345,坏号码,1\n");
            Files.writeString(csv, rows, StandardCharsets.UTF_8);
            upload.findElement(byTest("campaign-file")).sendKeys(csv.toString());
            upload.findElement(byTest("campaign-upload")).click();
            visible("import-report");
            assertThat(attribute(byTest("import-accepted"), "data-count")).isEqualTo("6");
            WebElement rejected = visible("rejected-row");
            assertThat(rejected.getAttribute("data-line")).isEqualTo("8");
            assertThat(rejected.getText()).contains("12345");
            screenshot("campaigns-create-import");

            upload.findElement(byTest("campaign-start")).click();
            waiting().until(ExpectedConditions.urlMatches("#/campaign/\\d+$"));
            waiting().until(d -> "running".equals(d.findElement(By.id("page")).getAttribute("data-state")));
            // contacts in a call, seen by the page's own refresh, then every one done
            waiting().until(d -> Integer.parseInt(d.findElement(byTest("campaign-progress")).getAttribute("data-dialing")) > 0);
            screenshot("campaign-detail-running");
            waiting().until(d -> "6".equals(d.findElement(byTest("campaign-progress")).getAttribute("data-done")));
            waiting().until(d -> "completed".equals(d.findElement(By.id("page")).getAttribute("data-state")));
            visible("chart-outcomes");
            assertThat(outcomeCount("answered")).isEqualTo("4");
            assertThat(outcomeCount("invalid_number")).isEqualTo("1");
            assertThat(outcomeCount("rejected")).isEqualTo("1");
            assertThat(browser.findElements(byTest("contact-row"))).hasSize(6);
            assertThat(attribute(byTest("campaign-download"), "href")).endsWith("/results.csv");
            screenshot("campaign-detail");
            browser.manage().window().setSize(new Dimension(768, 1024));
            screenshot("campaign-detail-tablet");
            browser.manage().window().setSize(new Dimension(1366, 900));

            open(rig, "/campaigns");
            WebElement row = visible("campaign-row");
            assertThat(row.findElement(byTest("campaign-state")).getAttribute("data-state")).isEqualTo("completed");
            assertThat(row.findElement(byTest("campaign-answered")).getText()).isEqualTo("66.7%");
            screenshot("campaigns-list");
        }
    }

    private String outcomeCount(String outcome) {
        return attribute(By.cssSelector("[data-test=\"chart-outcomes\"] [data-key=\"" + outcome + "\"]"), "data-count");
    }

    private void type(WebElement form, String testHandle, String text) {
        WebElement input = form.findElement(byTest(testHandle));
        input.clear();
        input.sendKeys(text);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
