package io.callrobot.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.cli.Rig;
import io.callrobot.web.auth.PasswordHash;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A robot that requires a login: the console asks for one, refuses a wrong password, lets the right one in. */
class LoginBrowserTest extends BrowserTest {

    @Test
    void theConsoleAsksForALoginAndShowsTheUserOnceInAndOut() throws Exception {
        String hash = PasswordHash.create("运维-pass".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults(), Map.of("CALLROBOT_VAD_ENGINE", "energy", "CALLROBOT_AUTH_REQUIRED", "true",
                        "CALLROBOT_AUTH_USERS", "wang:operator:" + hash))) {
            open(rig, "/campaigns");
            waiting().until(ExpectedConditions.urlContains("#/login?next="));
            visible("login-form");
            screenshot("login");

            visible("login-name").sendKeys("wang");
            visible("login-password").sendKeys("wrong");
            visible("login-submit").click();
            WebElement error = visible("login-error");
            assertThat(error.getText()).isEqualTo("用户名或密码错误");
            screenshot("login-wrong-password");

            // a failure makes the next attempt wait a second (the page says so): retry until it is let in
            waiting().pollingEvery(Duration.ofMillis(300)).until(d -> {
                if (d.getCurrentUrl().contains("#/campaigns")) {
                    return true;
                }
                WebElement password = d.findElement(byTest("login-password"));
                WebElement submit = d.findElement(byTest("login-submit"));
                if (submit.isEnabled()) {
                    if (password.getAttribute("value").isEmpty()) {
                        password.sendKeys("运维-pass");
                    }
                    submit.click();
                }
                return false;
            });
            waiting().until(ExpectedConditions.textToBe(byTest("user-name"), "wang"));
            visible("logout").click();
            waiting().until(ExpectedConditions.urlContains("#/login"));
            visible("login-form");
        }
    }
}
