package io.callrobot.campaign;

import java.net.URI;
import java.util.Objects;

/**
 * Where each attempt's outcome is posted.
 *
 * @param url    an absolute http or https URL
 * @param secret the HMAC-SHA256 key the body is signed with
 */
public record WebhookSettings(URI url, String secret) {

    public static final int MIN_SECRET_LENGTH = 16;

    public WebhookSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
    }

    /** Without the secret, for logs. */
    @Override
    public String toString() {
        return "WebhookSettings[url=" + url + ", secret=***]";
    }
}
