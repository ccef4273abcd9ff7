package io.callrobot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The command line's client of the JSON API: a bearer token when one is set, and every refusal
 * turned into an {@link ApiFailure} carrying the server's message and the field it names.
 */
final class ApiClient {

    /** The API refused a request, or could not be reached; the message is for the user. */
    static final class ApiFailure extends Exception {
        ApiFailure(String message) {
            super(message);
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    ApiClient(String base, String token) {
        this.base = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = token == null ? "" : token;
    }

    JsonNode get(String path) throws ApiFailure, InterruptedException {
        return json(send(request(path).GET(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    JsonNode post(String path, String contentType, byte[] body) throws ApiFailure, InterruptedException {
        return json(send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofByteArray()));
    }

    JsonNode delete(String path) throws ApiFailure, InterruptedException {
        return json(send(request(path).DELETE(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** The raw body of a successful GET (a CSV export). */
    byte[] download(String path) throws ApiFailure, InterruptedException {
        return send(request(path).GET(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
        if (!token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, HttpResponse.BodyHandler<byte[]> handler)
            throws ApiFailure, InterruptedException {
        HttpRequest built = request.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(built, handler);
        } catch (ConnectException e) {
            throw new ApiFailure("cannot reach the CallRobot API at " + base + " (is `callrobot serve` running? --api sets the address)");
        } catch (IOException e) {
            throw new ApiFailure(built.method() + " " + built.uri() + " failed: " + e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ApiFailure(describe(response));
        }
        return response;
    }

    private String describe(HttpResponse<byte[]> response) {
        String status = "HTTP " + response.statusCode();
        try {
            JsonNode error = json.readTree(response.body());
            if (error != null && error.hasNonNull("error")) {
                return status + ": " + (error.hasNonNull("field") ? error.get("field").asText() + ": " : "")
                        + error.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: say what came
        }
        return status + ": " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    private JsonNode json(HttpResponse<byte[]> response) throws ApiFailure {
        try {
            return response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new ApiFailure("the API answered something that is not JSON: " + e.getMessage());
        }
    }

    String pretty(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
