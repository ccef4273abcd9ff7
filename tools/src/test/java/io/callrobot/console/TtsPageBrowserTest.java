package io.callrobot.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.cli.Rig;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The TTS try-out page against a robot whose provider is the Rig's HTTP TTS server: the
 * normalization preview, a sentence synthesised and played in the page, and the same sentence
 * played again from the prompt cache.
 */
class TtsPageBrowserTest extends BrowserTest {

    private static final String SENTENCE = "试听：张先生的账单金额为1280.50元。";

    @Test
    void aSentenceIsSynthesisedPlayedAndThenServedFromThePromptCache() throws Exception {
        try (Rig rig = Rig.standard()) {
            // warming reaches the same provider: let it finish so the counts below are the try-out's own
            rig.robot.promptsWarmed().get(60, TimeUnit.SECONDS);
            open(rig, "/tts");
            WebElement text = visible("tts-text");
            text.clear();
            text.sendKeys(SENTENCE);
            // the preview follows the typing (the page opens with a sample of its own)
            waiting().until(ExpectedConditions.textToBe(byTest("tts-normalized"), "试听：张先生的账单金额为一千二百八十元五角。"));
            assertThat(browser.findElements(byTest("tts-chunk"))).hasSize(2);
            int before = rig.tts.requests();

            browser.findElement(byTest("tts-play")).click();
            waiting().until(ExpectedConditions.attributeToBe(byTest("tts-cache"), "data-cache", "miss"));
            awaitPlaying();
            assertThat(rig.tts.requests() - before).as("both chunks synthesised").isEqualTo(2);
            assertThat(Long.parseLong(read(byTest("tts-first-audio"), WebElement::getText).replaceAll("\\D", "")))
                    .isLessThanOrEqualTo(Long.parseLong(read(byTest("tts-total"), WebElement::getText).replaceAll("\\D", "")));
            assertThat(read(byTest("tts-download"), WebElement::isEnabled)).isTrue();

            browser.findElement(byTest("tts-play")).click();
            waiting().until(ExpectedConditions.attributeToBe(byTest("tts-cache"), "data-cache", "hit"));
            awaitPlaying();
            assertThat(rig.tts.requests() - before).as("the second came from the cache").isEqualTo(2);
            assertThat(browser.findElements(byTest("tts-history-row"))).hasSize(2);
            assertThat(attribute(byTest("tts-history-row"), "class")).as("the latest plays")
                    .contains("current");
            screenshot("tts-played-from-cache");
            browser.manage().window().setSize(new Dimension(768, 1024));
            browser.executeScript("arguments[0].scrollIntoView()", visible("tts-result"));
            screenshot("tts-tablet");
        }
    }

    /** Waits until the page's audio element has played past its start. */
    private void awaitPlaying() {
        waiting().until(d -> {
            Object time = browser.executeScript("return arguments[0].currentTime;", d.findElement(byTest("tts-audio")));
            return time instanceof Number n && n.doubleValue() > 0;
        });
    }
}
