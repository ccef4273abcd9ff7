package io.callrobot.campaign.dialer;

import io.callrobot.campaign.CallWindow;
import io.callrobot.campaign.CampaignRecords;
import io.callrobot.campaign.CampaignSettings;
import io.callrobot.campaign.RetryPolicy;
import io.callrobot.campaign.pacing.CampaignPacer;
import io.callrobot.campaign.pacing.SwitchLimits;
import io.callrobot.campaign.webhook.WebhookTarget;
import io.callrobot.esl.inbound.originate.CallerIdPool;
import io.callrobot.esl.inbound.originate.DialStringTemplate;
import io.callrobot.store.CampaignRow;
import io.callrobot.store.DailyCap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the dialer holds for one running campaign: its rules, read once from its row, and its pace. */
final class RunningCampaign {

    final long id;
    final CampaignSettings settings;
    final CallWindow window;
    final RetryPolicy retry;
    final CampaignPacer pacer;
    final DialStringTemplate dialString;
    final CallerIdPool callerIds;
    final WebhookTarget webhook;
    /** Whether the store still says running; a campaign paused or stopped keeps its calls in flight here. */
    boolean running = true;
    /** When the dialer last found nothing due: completion is checked no more often than that. */
    long idleSinceNanos = -1;

    RunningCampaign(CampaignRow row, SwitchLimits limits) {
        this.id = row.id();
        this.settings = CampaignRecords.settings(row);
        this.window = CallWindow.of(settings.window());
        this.retry = new RetryPolicy(settings.retry(), window);
        this.pacer = new CampaignPacer(settings.pacing(), limits);
        this.dialString = DialStringTemplate.parse(settings.dialString());
        this.callerIds = settings.callerIds().isEmpty() ? null : new CallerIdPool(settings.callerIds());
        this.webhook = settings.webhook() == null ? null
                : new WebhookTarget(settings.webhook().url().toString(), settings.webhook().secret());
    }

    /** The daily caps one call to {@code phone} counts against, on the window's local day. */
    List<DailyCap> caps(String phone) {
        List<DailyCap> caps = new ArrayList<>(2);
        if (settings.dailyCapPerNumber() > 0) {
            caps.add(new DailyCap("number:" + phone, settings.dailyCapPerNumber()));
        }
        if (settings.dailyCap() > 0) {
            caps.add(new DailyCap("campaign:" + id, settings.dailyCap()));
        }
        return caps;
    }

    /** Whether calls may start at {@code now}. */
    boolean open(Instant now) {
        return running && window.isOpen(now);
    }
}
