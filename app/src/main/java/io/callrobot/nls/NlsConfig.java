package io.callrobot.nls;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the NLS gateway; shared by {@code asr.provider: nls} and {@code tts.provider: nls}.
 * The access token is either given ({@code token}) or minted from an AccessKey and renewed before
 * it expires (see {@link NlsTokens}); a given token wins.
 *
 * @param url             the gateway websocket, e.g. {@code wss://nls-gateway-cn-shanghai.aliyuncs.com/ws/v1}
 * @param appKey          the project Appkey from the Intelligent Speech Interaction console
 * @param token           the access token (a secret: from {@code CALLROBOT_NLS_TOKEN} only); null when unset
 * @param accessKeyId     AccessKey ID that mints tokens (a secret: {@code CALLROBOT_NLS_ACCESS_KEY_ID}); null when unset
 * @param accessKeySecret AccessKey secret (a secret: {@code CALLROBOT_NLS_ACCESS_KEY_SECRET}); null when unset
 * @param tokenUrl        the token service (CreateToken), e.g. {@code https://nls-meta.cn-shanghai.aliyuncs.com/}
 * @param regionId        the token service's region, e.g. {@code cn-shanghai}
 * @param connectTimeout  websocket connect time-out; also how long a connection waits for the first minted token
 */
public record NlsConfig(String url, String appKey, String token, String accessKeyId, String accessKeySecret,
        String tokenUrl, String regionId, Duration connectTimeout) {

    public NlsConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(appKey, "appKey");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(regionId, "regionId");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        String scheme = URI.create(url).getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("NLS url must start with ws:// or wss://: " + url);
        }
        String tokenScheme = URI.create(tokenUrl).getScheme();
        if (!"http".equalsIgnoreCase(tokenScheme) && !"https".equalsIgnoreCase(tokenScheme)) {
            throw new IllegalArgumentException("NLS tokenUrl must start with http:// or https://: " + tokenUrl);
        }
    }

    /** The Shanghai public gateway and token service, no Appkey, token or AccessKey yet, 5 s connect time-out. */
    public static NlsConfig defaults() {
        // help.aliyun.com isi "WebSocket protocol": public endpoint wss://nls-gateway-cn-shanghai.aliyuncs.com/ws/v1
        // help.aliyun.com isi "Obtain a token using OpenAPI" (113251): nls-meta.cn-shanghai.aliyuncs.com, HTTP or HTTPS, RegionId cn-shanghai
        return new NlsConfig("wss://nls-gateway-cn-shanghai.aliyuncs.com/ws/v1", "", null, null, null,
                "https://nls-meta.cn-shanghai.aliyuncs.com/", "cn-shanghai", Duration.ofSeconds(5));
    }

    /** Whether a token is given. */
    public boolean hasToken() {
        return present(token);
    }

    /** Whether both AccessKey parts are set, so tokens can be minted. */
    public boolean hasAccessKey() {
        return present(accessKeyId) && present(accessKeySecret);
    }

    /** Whether an Appkey is set and a token is given or can be minted. */
    public boolean hasCredentials() {
        return !appKey.isBlank() && (hasToken() || hasAccessKey());
    }

    /** The same settings for another gateway (tests, private deployments). */
    public NlsConfig withUrl(String otherUrl) {
        return new NlsConfig(otherUrl, appKey, token, accessKeyId, accessKeySecret, tokenUrl, regionId, connectTimeout);
    }

    private static boolean present(String secret) {
        return secret != null && !secret.isBlank();
    }

    private static String mask(String secret) {
        return present(secret) ? "***" : "none";
    }

    /** Never prints the token or the AccessKey. */
    @Override
    public String toString() {
        return "NlsConfig[url=" + url + ", appKey=" + appKey + ", token=" + mask(token) + ", accessKeyId="
                + mask(accessKeyId) + ", accessKeySecret=" + mask(accessKeySecret) + ", tokenUrl=" + tokenUrl
                + ", regionId=" + regionId + ", connectTimeout=" + connectTimeout + "]";
    }
}
