/**
 * Pacing primitives for the dialer, driven by the time it passes in (a monotonic nanosecond
 * clock such as {@code CallClock.nanoTime()}), never waiting themselves: a token bucket that slows
 * down when the switch refuses calls ({@link io.callrobot.campaign.pacing.RateLimiter}), counted
 * concurrency ({@link io.callrobot.campaign.pacing.ConcurrencyLimit}), and a campaign's pacer
 * joining both with the limits every campaign shares
 * ({@link io.callrobot.campaign.pacing.CampaignPacer}, {@link io.callrobot.campaign.pacing.SwitchLimits}).
 * They answer "may a call start now?" and "when next?"; the dialer schedules its timers with the
 * answer.
 */
package io.callrobot.campaign.pacing;
