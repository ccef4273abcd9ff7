/**
 * Campaign webhooks: after each attempt, the outcome is POSTed as JSON to the campaign's URL,
 * signed with HMAC-SHA256 and retried with back-off, without ever holding up a call.
 */
package io.callrobot.campaign.webhook;
