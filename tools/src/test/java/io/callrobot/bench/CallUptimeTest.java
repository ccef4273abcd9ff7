package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallUptimeTest {

    private static final long S = 1_000_000_000L;

    @Test
    void countsOnlyThePartOfEachCallInsideTheWindow() {
        List<CallUptime.Span> spans = List.of(
                new CallUptime.Span(0, 100 * S),              // up throughout: 50 s
                new CallUptime.Span(5 * S, 30 * S),           // ended inside: 20 s
                new CallUptime.Span(30 * S, 90 * S),          // placed inside, ended after: 30 s
                new CallUptime.Span(40 * S, Long.MAX_VALUE),  // still up: 20 s
                new CallUptime.Span(0, 9 * S),                // ended before
                new CallUptime.Span(61 * S, 70 * S));         // placed after

        assertThat(CallUptime.callSeconds(spans, 10 * S, 60 * S)).isEqualTo(120.0);
    }

    @Test
    void aReplacedCallAndItsReplacementAddUpToOneLine() {
        CallUptime uptime = new CallUptime();
        int first = uptime.up(0);
        uptime.down(first, 30 * S);
        uptime.up(31 * S);

        assertThat(uptime.callSecondsWithin(0, 60 * S)).isEqualTo(59.0);
        assertThat(uptime.upAt(30 * S)).isZero();
        assertThat(uptime.upAt(29 * S)).isEqualTo(1);
        assertThat(uptime.upAt(45 * S)).isEqualTo(1);
    }
}
