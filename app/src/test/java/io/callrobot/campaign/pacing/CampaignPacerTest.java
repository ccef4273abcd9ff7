package io.callrobot.campaign.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.campaign.AttemptOutcome;
import io.callrobot.campaign.PacingSettings;
import io.callrobot.time.ManualClock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CampaignPacerTest {

    private static final long MS = 1_000_000;

    private final ManualClock clock = new ManualClock();

    private long now() {
        return clock.nanoTime();
    }

    @Test
    void callsStartAtTheCampaignsRateUpToItsConcurrency() {
        CampaignPacer pacer = new CampaignPacer(new PacingSettings(2, 10), new SwitchLimits(30, 500));
        CampaignPacer.Permit first = pacer.tryStart(now());
        assertThat(first).isNotNull();
        assertThat(pacer.tryStart(now())).isNull();
        assertThat(pacer.nextStartAt(now())).isEqualTo(now() + 100 * MS);
        clock.advance(100, TimeUnit.MILLISECONDS);
        assertThat(pacer.tryStart(now())).isNotNull();
        assertThat(pacer.active()).isEqualTo(2);

        clock.advance(1, TimeUnit.SECONDS);
        assertThat(pacer.tryStart(now())).isNull();
        assertThat(pacer.nextStartAt(now())).isEqualTo(CampaignPacer.WHEN_A_CALL_ENDS);
        first.end(AttemptOutcome.ANSWERED, now());
        first.end(AttemptOutcome.ANSWERED, now()); // idempotent: one slot back, not two
        assertThat(pacer.active()).isEqualTo(1);
        assertThat(pacer.nextStartAt(now())).isEqualTo(now());
        assertThat(pacer.tryStart(now())).isNotNull();
        assertThat(pacer.tryStart(now())).isNull();
    }

    @Test
    void theSwitchsSessionsPerSecondBindEveryCampaign() {
        SwitchLimits shared = new SwitchLimits(2, 500);
        CampaignPacer a = new CampaignPacer(new PacingSettings(10, 100), shared);
        CampaignPacer b = new CampaignPacer(new PacingSettings(10, 100), shared);
        assertThat(a.tryStart(now())).isNotNull();
        assertThat(b.tryStart(now())).isNull(); // the switch's permit for this half second is gone
        assertThat(b.nextStartAt(now())).isEqualTo(now() + 500 * MS);
        clock.advance(10, TimeUnit.MILLISECONDS);
        assertThat(a.tryStart(now())).isNull();
        clock.advance(490, TimeUnit.MILLISECONDS);
        assertThat(b.tryStart(now())).isNotNull();
        assertThat(shared.active()).isEqualTo(2);
    }

    @Test
    void theRobotsMaxCallsBindEveryCampaign() {
        SwitchLimits shared = new SwitchLimits(1000, 1);
        CampaignPacer a = new CampaignPacer(new PacingSettings(10, 100), shared);
        CampaignPacer b = new CampaignPacer(new PacingSettings(10, 100), shared);
        CampaignPacer.Permit call = a.tryStart(now());
        clock.advance(1, TimeUnit.SECONDS);
        assertThat(b.tryStart(now())).isNull();
        assertThat(b.nextStartAt(now())).isEqualTo(CampaignPacer.WHEN_A_CALL_ENDS);
        call.end(AttemptOutcome.BUSY, now());
        assertThat(b.nextStartAt(now())).isEqualTo(now());
        assertThat(b.tryStart(now())).isNotNull();
    }

    @Test
    void aCallRefusedByTheSharedLimitsTakesNothingFromTheCampaign() {
        SwitchLimits shared = new SwitchLimits(1, 500);
        CampaignPacer other = new CampaignPacer(new PacingSettings(10, 100), shared);
        CampaignPacer pacer = new CampaignPacer(new PacingSettings(1, 1), shared);
        assertThat(other.tryStart(now())).isNotNull();
        assertThat(pacer.tryStart(now())).isNull();
        assertThat(pacer.active()).isZero();
        clock.advance(1, TimeUnit.SECONDS);
        // the campaign's own rate and slot are still there
        assertThat(pacer.tryStart(now())).isNotNull();
    }

    @Test
    void throttledCallsSlowTheCampaignAndTheSwitchAndSuccessesRecover() {
        SwitchLimits shared = new SwitchLimits(20, 500);
        CampaignPacer pacer = new CampaignPacer(new PacingSettings(100, 10), shared);
        CampaignPacer.Permit refused = pacer.tryStart(now());
        refused.end(AttemptOutcome.THROTTLED, now());
        assertThat(pacer.callsPerSecond()).isEqualTo(5);
        assertThat(shared.sessionsPerSecond()).isEqualTo(10);
        assertThat(pacer.nextStartAt(now())).isEqualTo(now() + 200 * MS);

        for (int i = 0; i < 30; i++) {
            clock.advance(Math.max(0, pacer.nextStartAt(now()) - now()), TimeUnit.NANOSECONDS);
            CampaignPacer.Permit placed = pacer.tryStart(now());
            assertThat(placed).isNotNull();
            placed.end(AttemptOutcome.NO_ANSWER, now()); // the switch placed it: the callee did not answer
        }
        assertThat(pacer.callsPerSecond()).isEqualTo(10);
        assertThat(shared.sessionsPerSecond()).isEqualTo(20);
    }

    @Test
    void otherFailuresLeaveTheRateAlone() {
        SwitchLimits shared = new SwitchLimits(20, 500);
        CampaignPacer pacer = new CampaignPacer(new PacingSettings(100, 10), shared);
        pacer.tryStart(now()).end(AttemptOutcome.THROTTLED, now());
        clock.advance(1, TimeUnit.SECONDS);
        pacer.tryStart(now()).end(AttemptOutcome.FAILED, now());
        assertThat(pacer.callsPerSecond()).isEqualTo(5);
    }

    @Test
    void aReleaseWithoutAcquireIsABug() {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isFalse();
        limit.release();
        assertThatThrownBy(limit::release).isInstanceOf(IllegalStateException.class);
    }
}
