package io.callrobot.campaign.webhook;

import okhttp3.HttpUrl;

/**
 * Where a campaign's outcomes go.
 *
 * @param url    http or https URL the outcomes are POSTed to
 * @param secret key of the HMAC-SHA256 signature; the receiver holds the same
 */
public record WebhookTarget(String url, String secret) {

    public WebhookTarget {
        if (HttpUrl.parse(url) == null) {
            throw new IllegalArgumentException("webhook url is not an http(s) URL: " + url);
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook secret must not be empty");
        }
    }
}
