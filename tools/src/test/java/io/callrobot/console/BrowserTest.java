package io.callrobot.console;

import io.callrobot.cli.Rig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A console test in a real browser: Debian's headless Chromium driven through its chromium-driver
 * (both from apt, see {@code .ci/run}), a fresh profile per test. Each test ends with a screenshot
 * under {@code app/target/screenshots/} so a reviewer can look at what the browser showed. A
 * browser test starts a robot, a browser and often a simulated campaign: it gets twice the suite's
 * per-test time-out.
 */
@Timeout(120)
public abstract class BrowserTest {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    /** A page re-renders a part a few times a second at most: this many stale reads in a row is a bug. */
    private static final int STALE_READS = 10;
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";

    protected ChromeDriver browser;
    private String testName;

    @BeforeEach
    void openBrowser(TestInfo info) {
        testName = info.getTestClass().map(Class::getSimpleName).orElse("console") + "-"
                + info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,900", "--lang=zh-CN", "--autoplay-policy=no-user-gesture-required",
                "--mute-audio");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            try {
                screenshot(testName + "-end");
            } finally {
                browser.quit();
            }
        }
    }

    /** Opens the console of {@code rig}'s robot at {@code route} (e.g. {@code /live}). */
    protected void open(Rig rig, String route) {
        browser.get(baseUrl(rig) + "/#" + route);
    }

    protected static String baseUrl(Rig rig) {
        return "http://127.0.0.1:" + rig.robot.httpPort();
    }

    /**
     * A wait that looks again when the element it read was replaced meanwhile: the console's pages
     * re-render parts of themselves as results and refreshes arrive.
     */
    protected WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Reads from the element {@code by} finds now, finding it again if the page replaced it
     * between the lookup and the read.
     */
    protected <T> T read(By by, Function<WebElement, T> reading) {
        for (int attempt = 1; ; attempt++) {
            try {
                return reading.apply(browser.findElement(by));
            } catch (StaleElementReferenceException e) {
                if (attempt == STALE_READS) {
                    throw e;
                }
            }
        }
    }

    /** Waits for the element with {@code data-test="name"} to be visible. */
    protected WebElement visible(String testHandle) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(byTest(testHandle)));
    }

    /** The attribute {@code name} of the element {@code by} finds now (see {@link #read}). */
    protected String attribute(By by, String name) {
        return read(by, e -> e.getAttribute(name));
    }

    protected static By byTest(String testHandle) {
        return By.cssSelector("[data-test=\"" + testHandle + "\"]");
    }

    /** Saves what the browser shows as {@code app/target/screenshots/<name>.png}. */
    protected Path screenshot(String name) {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("../app/target/screenshots").normalize();
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(name + ".png");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("saving screenshot " + name, e);
        }
    }
}
