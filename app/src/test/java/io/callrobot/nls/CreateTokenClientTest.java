package io.callrobot.nls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CreateTokenClientTest {

    private static final String NONCE = "8d1e6a7a-f44e-40d5-aedb-fe4a1c80f434";
    private static final Instant NOW = Instant.parse("2019-04-03T06:15:03.250Z");

    private final MockWebServer server = new MockWebServer();
    private CreateTokenClient client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        NlsConfig config = new NlsConfig("ws://127.0.0.1:1/ws/v1", "app-1", null, "test id*~", "test-secret",
                server.url("/").toString(), "cn-shanghai", Duration.ofSeconds(5));
        client = new CreateTokenClient(config, new OkHttpClient(), InstantSource.fixed(NOW), () -> NONCE);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void signsTheDocumentedParametersInOrder() throws Exception {
        server.enqueue(new MockResponse().setBody(
                "{\"RequestId\":\"r-1\",\"Token\":{\"Id\":\"tok-1\",\"ExpireTime\":1554358503,\"UserId\":\"u\"}}"));

        NlsToken token = client.create().get(10, TimeUnit.SECONDS);

        assertThat(token.id()).isEqualTo("tok-1");
        assertThat(token.expireTime()).isEqualTo(Instant.ofEpochSecond(1554358503));
        RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("GET");
        // the canonical query written out by hand from the documented rules (sorted, %20, %2A, ~ kept, ':' as %3A)
        String canonical = "AccessKeyId=test%20id%2A~&Action=CreateToken&Format=JSON&RegionId=cn-shanghai"
                + "&SignatureMethod=HMAC-SHA1&SignatureNonce=" + NONCE + "&SignatureVersion=1.0"
                + "&Timestamp=2019-04-03T06%3A15%3A03Z&Version=2019-02-28";
        String expected = hmacSha1Base64("test-secret&", "GET&%2F&" + docPercentEncode(canonical));
        assertThat(request.getPath()).isEqualTo("/?" + canonical + "&Signature=" + docPercentEncode(expected));
        assertThat(request.getRequestUrl().queryParameter("Signature")).isEqualTo(expected);
        List<String> names = new ArrayList<>(request.getRequestUrl().queryParameterNames());
        assertThat(names.remove("Signature")).isTrue();
        assertThat(names).isSorted().containsExactly("AccessKeyId", "Action", "Format", "RegionId", "SignatureMethod",
                "SignatureNonce", "SignatureVersion", "Timestamp", "Version");
    }

    @Test
    void anErrorAnswerNamesTheCode() {
        server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"RequestId\":\"r-2\",\"HostId\":\"h\","
                + "\"Code\":\"InvalidAccessKeyId.NotFound\",\"Message\":\"Specified access key is not found.\"}"));

        assertThatThrownBy(() -> client.create().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining("InvalidAccessKeyId.NotFound")
                .hasMessageContaining("Specified access key is not found.").hasMessageContaining("HTTP 404");
    }

    @Test
    void anAnswerWithoutATokenIsAnError() {
        assertThatThrownBy(() -> client.parse(200, "{\"ErrMsg\":\"quota\"}")).hasMessageContaining("Token.Id")
                .hasMessageContaining("quota");
        assertThatThrownBy(() -> client.parse(502, "<html>bad gateway</html>")).hasMessageContaining("HTTP 502")
                .hasMessageContaining("not a JSON answer");
    }

    /** The documented shortcut: form encoding, then + as %20, * as %2A and %7E back to ~. */
    private static String docPercentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static String hmacSha1Base64(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }
}
