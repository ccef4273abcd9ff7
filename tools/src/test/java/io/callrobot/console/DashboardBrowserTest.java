package io.callrobot.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.cli.Rig;
import io.callrobot.sim.SimulatedCall;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The dashboard: the last hour of calls as tiles, uPlot charts and breakdowns. */
class DashboardBrowserTest extends BrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theDashboardShowsTheLastHoursCallsAsChartsAndTiles() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall done = rig.call("payment-reminder-zh", Map.of("customer_name", "张三"));
            Rig.confirmAndPromiseByKeypad(done, WAIT, Duration.ofMillis(1200));
            rig.record(done.uuid());
            SimulatedCall live = rig.call("payment-reminder-zh", Map.of("customer_name", "李四"));
            live.awaitFirstRobotAudio(WAIT);

            open(rig, "/dashboard");
            waiting().until(d -> value("dashboard-calls").equals("1"));
            assertThat(value("dashboard-in-progress")).isEqualTo("1");
            assertThat(value("dashboard-v2v-p50")).matches("[\\d,]+ ms");
            for (String chart : new String[] {"dashboard-calls-chart", "dashboard-v2v-chart", "dashboard-bargein-chart"}) {
                assertThat(visible(chart).findElements(By.cssSelector(".uplot canvas"))).as(chart).isNotEmpty();
            }
            assertThat(visible("dashboard-results").findElement(By.cssSelector("[data-name]")).getText())
                    .contains("promise_to_pay").contains("1");
            assertThat(visible("dashboard-causes").getText()).contains("NORMAL_CLEARING");
            screenshot("dashboard");
            live.hangup("NORMAL_CLEARING");
        }
    }

    private String value(String tile) {
        return visible(tile).findElement(By.className("value")).getText();
    }
}
