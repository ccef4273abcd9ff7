package io.callrobot.nls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Asks the NLS token service for a new access token: one signed POP RPC {@code CreateToken} GET,
 * sent with okhttp's asynchronous call (help.aliyun.com isi "Obtain a token using OpenAPI", document 113251).
 */
final class CreateTokenClient {

    // document 113251, request parameters: Timestamp is ISO 8601 in UTC, YYYY-MM-DDThh:mm:ssZ
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper json = new ObjectMapper();
    private final NlsConfig config;
    private final OkHttpClient client;
    private final InstantSource clock;
    private final Supplier<String> nonces;

    /**
     * @param nonces a fresh SignatureNonce per request (document 113251: a UUID, never reused)
     */
    CreateTokenClient(NlsConfig config, OkHttpClient client, InstantSource clock, Supplier<String> nonces) {
        this.config = config;
        this.client = client;
        this.clock = clock;
        this.nonces = nonces;
    }

    /** The signed request URL: the canonical query followed by the Signature. */
    HttpUrl url() {
        SortedMap<String, String> parameters = new TreeMap<>();
        // document 113251, request parameters (the POP RPC common parameters plus Action and Version)
        parameters.put("AccessKeyId", config.accessKeyId());
        parameters.put("Action", "CreateToken");
        parameters.put("Format", "JSON");
        parameters.put("RegionId", config.regionId());
        parameters.put("SignatureMethod", "HMAC-SHA1");
        parameters.put("SignatureNonce", nonces.get());
        parameters.put("SignatureVersion", "1.0");
        parameters.put("Timestamp", TIMESTAMP.format(clock.instant()));
        parameters.put("Version", "2019-02-28");
        String signature = PopSignature.sign("GET", parameters, config.accessKeySecret());
        HttpUrl base = HttpUrl.get(config.tokenUrl());
        // document 113251: with GET the parameters go into the request line, "/?" + parameters
        return base.newBuilder().encodedQuery(PopSignature.canonicalQuery(parameters) + "&Signature="
                + PopSignature.percentEncode(signature)).build();
    }

    /** Sends one CreateToken request; completes with the token, or exceptionally with an {@link IOException} saying why not. */
    CompletableFuture<NlsToken> create() {
        CompletableFuture<NlsToken> result = new CompletableFuture<>();
        Request request = new Request.Builder().url(url()).header("Accept", "application/json").get().build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(new IOException("NLS CreateToken request to " + config.tokenUrl()
                        + " failed: " + e, e));
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    ResponseBody body = response.body();
                    result.complete(parse(response.code(), body == null ? "" : body.string()));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    /**
     * The token in a CreateToken answer: {"Token": {"Id": ..., "ExpireTime": epoch seconds}, ...};
     * a failure is a non-200 status with {"Code": ..., "Message": ...} (document 113251, section "Response").
     *
     * @throws IOException naming the service's error code, or saying what was unexpected
     */
    NlsToken parse(int status, String body) throws IOException {
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (JsonProcessingException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            throw new IOException("NLS CreateToken: HTTP " + status + ", not a JSON answer: " + abbreviate(body));
        }
        if (answer.hasNonNull("Code")) {
            throw new IOException("NLS CreateToken failed: " + answer.get("Code").asText() + ": "
                    + answer.path("Message").asText("") + " (HTTP " + status + ", RequestId "
                    + answer.path("RequestId").asText("-") + ")");
        }
        JsonNode token = answer.path("Token");
        if (status != 200 || !token.path("Id").isTextual() || !token.path("ExpireTime").canConvertToLong()) {
            String message = answer.path("ErrMsg").asText("");
            throw new IOException("NLS CreateToken: HTTP " + status + ", no Token.Id and Token.ExpireTime in the answer"
                    + (message.isBlank() ? "" : ": " + message));
        }
        return new NlsToken(token.get("Id").asText(), Instant.ofEpochSecond(token.get("ExpireTime").asLong()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
