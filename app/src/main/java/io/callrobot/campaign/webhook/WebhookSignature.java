package io.callrobot.campaign.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature header of a delivery: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}.
 * Signing the time with the body lets a receiver refuse a replayed delivery (compare t with its clock)
 * as well as a forged one.
 */
public final class WebhookSignature {

    /** The header carrying the signature. */
    public static final String HEADER = "X-CallRobot-Signature";

    private WebhookSignature() {
    }

    /** The header value for {@code body} sent at {@code epochSecond}. */
    public static String sign(String secret, long epochSecond, byte[] body) {
        return "t=" + epochSecond + ",v1=" + HexFormat.of().formatHex(hmac(secret, epochSecond, body));
    }

    static byte[] hmac(String secret, long epochSecond, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSecond + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
