package io.callrobot.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.cli.Rig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The flows page lists the robot's flows; a flow's page draws its graph and answers in the chat tester. */
class FlowChatBrowserTest extends BrowserTest {

    private static final By CURRENT = By.cssSelector("[data-test=\"graph-node\"][data-current=\"true\"]");

    private List<WebElement> robotLines() {
        return browser.findElements(byTest("chat-robot"));
    }

    private void waitForRobotLines(int count) {
        waiting().until(d -> robotLines().size() >= count);
    }

    @Test
    void thePaymentReminderAnswersTextAndKeysAndShowsItsResult() throws Exception {
        try (Rig rig = Rig.standard()) {
            open(rig, "/flows");
            WebElement row = visible("flow-row");
            assertThat(browser.findElements(byTest("flow-row"))).hasSize(4);
            browser.findElement(By.cssSelector("[data-test=\"flow-row\"][data-flow=\"payment-reminder-zh\"]")).click();
            waiting().until(ExpectedConditions.urlContains("#/flow/payment-reminder-zh"));

            visible("flow-graph");
            assertThat(browser.findElements(byTest("graph-node"))).hasSize(11);
            assertThat(visible("flow-valid").getText()).isEqualTo("有效");
            // the chat opens by itself; restart with the customer's name filled in
            waitForRobotLines(2);
            browser.findElement(By.cssSelector("input[data-var=\"customer_name\"]")).sendKeys("张三");
            browser.findElement(By.cssSelector("input[data-var=\"amount\"]")).sendKeys("1280.50");
            browser.findElement(By.cssSelector("input[data-var=\"due_date\"]")).sendKeys("12月5日");
            browser.findElement(byTest("chat-restart")).click();
            // the restart clears the log first: read it once per poll, and retry when a line is replaced under us
            waiting().ignoring(StaleElementReferenceException.class).until(d -> {
                List<WebElement> lines = robotLines();
                return lines.size() == 2 && lines.get(1).getText().contains("请问您是张三本人吗");
            });
            assertThat(robotLines().get(0).getText()).contains("您好，本次通话可能会被录音。");
            assertThat(attribute(CURRENT, "data-node")).isEqualTo("identity");

            WebElement text = waiting().until(ExpectedConditions.elementToBeClickable(byTest("chat-text")));
            text.sendKeys("是的，我是");
            browser.findElement(byTest("chat-send")).click();
            waitForRobotLines(3);
            assertThat(robotLines().get(2).getText()).contains("张三您好", "1280.50元");
            waiting().until(ExpectedConditions.attributeToBe(CURRENT, "data-node", "remind"));
            assertThat(browser.findElements(byTest("chat-caller")).get(0).getText()).contains("是的，我是");
            screenshot("flows-chat-remind");

            waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-test=\"chat-key\"][data-key=\"1\"]"))).click();
            waitForRobotLines(4);
            assertThat(robotLines().get(3).getText()).contains("请记得在12月5日之前按时还款");
            assertThat(visible("chat-result").getText()).contains("promise_to_pay");
            assertThat(visible("chat-end").getText()).contains("promise_to_pay");
            waiting().until(ExpectedConditions.attributeToBe(CURRENT, "data-node", "goodbye_promise"));
            assertThat(read(byTest("chat-text"), WebElement::isEnabled)).isFalse();
            screenshot("flows-graph-and-chat");
            assertThat(row).isNotNull();
        }
    }
}
