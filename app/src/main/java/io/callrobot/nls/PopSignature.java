package io.callrobot.nls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud POP RPC request signing (signature version 1.0, HMAC-SHA1), as the "Signature
 * method" pages of the Alibaba Cloud API documentation describe it and the NLS token service
 * requires it (help.aliyun.com isi "Obtain a token using OpenAPI", document 113251).
 */
final class PopSignature {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PopSignature() {
    }

    /**
     * The POP percent-encoding of UTF-8 text: A-Z a-z 0-9 - _ . ~ stay, every other byte becomes
     * %XY in upper-case hex, so a space is %20 (never +) and * is %2A (help.aliyun.com
     * document 113251, section "Signature mechanism", step 1.ii).
     */
    static String percentEncode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * Parameters in name order, each as encoded name = encoded value, joined by &amp;
     * (document 113251, section "Signature mechanism", step 1: the canonicalized query string; Signature itself excluded).
     */
    static String canonicalQuery(SortedMap<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(percentEncode(p.getKey())).append('=').append(percentEncode(p.getValue()));
        }
        return query.toString();
    }

    /** StringToSign = HTTPMethod + "&" + percentEncode("/") + "&" + percentEncode(canonical query) (document 113251, step 2). */
    static String stringToSign(String method, String canonicalQuery) {
        return method + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery);
    }

    /**
     * Signature = Base64(HMAC-SHA1(key = AccessKey secret + "&", UTF-8 of StringToSign))
     * (document 113251, step 2: RFC 2104 HMAC with the secret followed by an ampersand).
     */
    static String sign(String method, SortedMap<String, String> parameters, String accessKeySecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(stringToSign(method, canonicalQuery(parameters)).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }
}
