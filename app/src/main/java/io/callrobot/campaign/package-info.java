/**
 * Outbound campaigns' rules as pure, clock-driven logic: the campaign definition the API receives
 * ({@link io.callrobot.campaign.CampaignSettings}, read and validated by
 * {@link io.callrobot.campaign.CampaignSettingsJson}), when calls may start
 * ({@link io.callrobot.campaign.CallWindow}) and whether and when an attempt is retried
 * ({@link io.callrobot.campaign.RetryPolicy}). Sub-packages: {@code phone} (number
 * normalisation), {@code contacts} (contact and do-not-call import), {@code pacing} (rate and
 * concurrency limits). Nothing here touches a database, a socket or the system clock: callers
 * pass the instant.
 */
package io.callrobot.campaign;
