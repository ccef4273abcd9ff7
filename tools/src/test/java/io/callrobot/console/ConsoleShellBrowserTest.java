package io.callrobot.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.cli.Rig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's shell loads from the robot's jar resources, navigates and switches language. */
class ConsoleShellBrowserTest extends BrowserTest {

    @Test
    void theShellShowsItsNavigationInChineseAndSwitchesToEnglish() throws Exception {
        try (Rig rig = Rig.standard()) {
            open(rig, "/tts");
            WebElement nav = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-nav=live]")));
            assertThat(nav.getText()).isEqualTo("实时通话");
            assertThat(browser.findElements(By.cssSelector("#nav a"))).hasSize(6);
            assertThat(attribute(By.cssSelector("[data-nav=tts]"), "class")).contains("active");

            browser.findElement(By.id("lang")).click();
            waiting().until(ExpectedConditions.textToBe(By.cssSelector("[data-nav=live]"), "Live calls"));
            browser.findElement(By.cssSelector("[data-nav=calls]")).click();
            waiting().until(ExpectedConditions.urlContains("#/calls"));
            assertThat(attribute(By.cssSelector("[data-nav=calls]"), "class")).contains("active");
            screenshot("shell-english");
        }
    }

    @Test
    void assetsCarryAnEtagAndAPolicyAndNoPathLeavesTheConsoleDirectory() throws Exception {
        try (Rig rig = Rig.standard()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(baseUrl(rig) + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
            String etag = page.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(baseUrl(rig) + "/"))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(304);
            HttpResponse<String> chart = http.send(HttpRequest.newBuilder(URI.create(baseUrl(rig)
                    + "/vendor/uplot/uPlot.esm.js")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chart.statusCode()).isEqualTo(200);
            for (String escape : new String[] {"/ui/../logback.xml", "/ui/%2e%2e/logback.xml", "/ui/pages/nothing.js",
                    "/ui/app.class"}) {
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(baseUrl(rig) + escape)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(escape).isEqualTo(404);
            }
        }
    }
}
