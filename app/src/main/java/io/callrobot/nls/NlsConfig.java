package io.callrobot.nls;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the NLS gateway; shared by {@code asr.provider: nls} and {@code tts.provider: nls}.
 *
 * @param url            the gateway websocket, e.g. {@code wss://nls-gateway-cn-shanghai.aliyuncs.com/ws/v1}
 * @param appKey         the project Appkey from the Intelligent Speech Interaction console
 * @param token          the access token (a secret: from {@code CALLROBOT_NLS_TOKEN} only); null when unset
 * @param connectTimeout websocket connect time-out
 */
public record NlsConfig(String url, String appKey, String token, Duration connectTimeout) {

    public NlsConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(appKey, "appKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        String scheme = URI.create(url).getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("NLS url must start with ws:// or wss://: " + url);
        }
    }

    /** The Shanghai public gateway, no Appkey or token yet, 5 s connect time-out. */
    public static NlsConfig defaults() {
        // help.aliyun.com isi "WebSocket protocol": public endpoint wss://nls-gateway-cn-shanghai.aliyuncs.com/ws/v1
        return new NlsConfig("wss://nls-gateway-cn-shanghai.aliyuncs.com/ws/v1", "", null, Duration.ofSeconds(5));
    }

    /** Whether an Appkey and a token are both set. */
    public boolean hasCredentials() {
        return !appKey.isBlank() && token != null && !token.isBlank();
    }

    /** The same settings for another gateway (tests, private deployments). */
    public NlsConfig withUrl(String otherUrl) {
        return new NlsConfig(otherUrl, appKey, token, connectTimeout);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "NlsConfig[url=" + url + ", appKey=" + appKey + ", token=" + (token == null || token.isBlank() ? "none" : "***")
                + ", connectTimeout=" + connectTimeout + "]";
    }
}
