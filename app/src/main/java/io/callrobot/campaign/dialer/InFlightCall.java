package io.callrobot.campaign.dialer;

import io.callrobot.campaign.pacing.CampaignPacer;
import io.callrobot.store.ContactRow;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/** One attempt the dialer placed and has not yet ended; touched only on the dialer's thread. */
final class InFlightCall {

    final String uuid;
    final RunningCampaign campaign;
    /** The contact as claimed, before this attempt was counted. */
    final ContactRow contact;
    final CampaignPacer.Permit permit;
    final Instant startedAt;
    Instant answeredAt;
    /** Waits for the robot's call record after FreeSWITCH reported the hang-up. */
    ScheduledFuture<?> endGrace;

    InFlightCall(String uuid, RunningCampaign campaign, ContactRow contact, CampaignPacer.Permit permit,
            Instant startedAt) {
        this.uuid = uuid;
        this.campaign = campaign;
        this.contact = contact;
        this.permit = permit;
        this.startedAt = startedAt;
    }
}
