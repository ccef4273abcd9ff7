package io.callrobot.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.media.PcmAudio;
import io.callrobot.ops.OpsHttpServer;
import io.callrobot.text.ChunkerConfig;
import io.callrobot.text.NormalizerConfig;
import io.callrobot.text.TextNormalizer;
import io.callrobot.tts.ChunkTtsServer;
import io.callrobot.tts.NormalizingTtsEngine;
import io.callrobot.tts.cache.CachingTtsEngine;
import io.callrobot.tts.cache.PromptCacheConfig;
import io.callrobot.tts.http.HttpTtsConfig;
import io.callrobot.tts.http.HttpTtsEngine;
import io.callrobot.tts.polish.PolishConfig;
import io.callrobot.tts.polish.PolishingTtsEngine;
import io.callrobot.tts.tryout.TextPreview;
import io.callrobot.tts.tryout.TryOutProvider;
import io.callrobot.tts.tryout.TtsTryOut;
import io.callrobot.tts.tryout.VoiceOptions;
import io.callrobot.web.ApiAccess;
import io.callrobot.web.ApiDispatcher;
import io.callrobot.web.ApiRoutes;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TTS try-out API over real HTTP, speaking through the chain a call uses (normalization, prompt
 * cache, polish) to the HTTP TTS provider, which talks to a local server answering its protocol.
 */
class TtsApiTest {

    private static final int RATE = 16000;
    private static final String AMOUNT = "您本期应还1280.50元。";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final OkHttpClient client = new OkHttpClient();
    private ChunkTtsServer tts;
    private OpsHttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        tts = new ChunkTtsServer("text");
        tts.answer(text -> wav(text.length() * 800));
        HttpTtsEngine provider = new HttpTtsEngine(new HttpTtsConfig(tts.url("/tts").toString(), "zhitian_emo",
                RATE, 2, Duration.ofSeconds(20)), client);
        TextNormalizer normalizer = new TextNormalizer(NormalizerConfig.defaults());
        CachingTtsEngine cache = new CachingTtsEngine(new NormalizingTtsEngine(provider, normalizer), "http",
                PromptCacheConfig.defaults());
        TryOutProvider chain = new TryOutProvider("http", new PolishingTtsEngine(cache, PolishConfig.defaults()), true,
                new VoiceOptions(List.of("zhitian_emo", "zhiyan_emo"), "zhitian_emo", List.of("happy", "sad"),
                        0.5, 2.0, List.of("zh-CN", "en-US")));
        TtsTryOut tryOut = new TtsTryOut(List.of(chain), new TextPreview(normalizer, ChunkerConfig.defaults()),
                System::nanoTime, Duration.ofSeconds(20));
        ApiRoutes routes = new ApiRoutes();
        new TtsResource(tryOut, new ApiJson(), 40, 2).register(routes);
        server = ApiTestServer.start(new ApiDispatcher(routes, new ApiAccess(Optional.empty()), json, handlers));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        tts.close();
        handlers.close();
        client.dispatcher().executorService().shutdownNow();
    }

    private static MockResponse wav(int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) (Math.sin(i * 2 * Math.PI * 440 / RATE) * 8000);
        }
        return new MockResponse().setHeader("Content-Type", "audio/wav")
                .setBody(new Buffer().write(new PcmAudio(RATE, pcm).toWav()));
    }

    private HttpResponse<byte[]> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode jsonOf(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return json.readTree(response.body());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no header " + name));
    }

    @Test
    void optionsListTheProviderWithItsVoicesEmotionsSpeedsLanguagesAndTheLimits() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tts/options")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode options = jsonOf(response);
        JsonNode provider = options.path("providers").get(0);
        assertThat(provider.path("name").asText()).isEqualTo("http");
        assertThat(provider.path("configured").asBoolean()).isTrue();
        assertThat(provider.path("promptCache").asBoolean()).isTrue();
        assertThat(provider.path("defaultVoice").asText()).isEqualTo("zhitian_emo");
        assertThat(provider.path("voices").toString()).isEqualTo("[\"zhitian_emo\",\"zhiyan_emo\"]");
        assertThat(provider.path("emotions").toString()).isEqualTo("[\"happy\",\"sad\"]");
        assertThat(provider.path("speed").path("min").asDouble()).isEqualTo(0.5);
        assertThat(provider.path("speed").path("max").asDouble()).isEqualTo(2.0);
        assertThat(provider.path("languages").toString()).isEqualTo("[\"zh-CN\",\"en-US\"]");
        assertThat(options.path("limits").path("maxChars").asInt()).isEqualTo(40);
        assertThat(options.path("limits").path("maxConcurrent").asInt()).isEqualTo(2);
    }

    @Test
    void normalizeShowsWhatChineseTextBecomesAndHowItIsChunkedAndLeavesEnglishAlone() throws Exception {
        JsonNode zh = jsonOf(post("/api/tts/normalize", "{\"text\": \"好的，您本期应还1280.50元，请于2026-03-05前还款。\", \"language\": \"zh-CN\"}"));
        assertThat(zh.path("normalized").asText())
                .isEqualTo("好的，您本期应还一千二百八十元五角，请于二零二六年三月五日前还款。");
        // a short first chunk is followed by a clause, as in a call
        assertThat(zh.path("chunks")).hasSize(3);
        assertThat(zh.path("chunks").get(0).path("text").asText()).isEqualTo("好的，");
        assertThat(zh.path("chunks").get(1).path("text").asText()).isEqualTo("您本期应还1280.50元，");
        assertThat(zh.path("chunks").get(1).path("normalized").asText()).isEqualTo("您本期应还一千二百八十元五角，");
        assertThat(zh.path("chunks").get(2).path("normalized").asText()).isEqualTo("请于二零二六年三月五日前还款。");

        JsonNode en = jsonOf(post("/api/tts/normalize", "{\"text\": \"You owe 1,280.50 yuan.\", \"language\": \"en-US\"}"));
        assertThat(en.path("normalized").asText()).isEqualTo("You owe 1,280.50 yuan.");
    }

    @Test
    void synthesisAnswersAWavWithCacheUseTimingsAndTheNormalizedTextThenPlaysTheSameTextFromTheCache() throws Exception {
        String body = "{\"text\": \"" + AMOUNT + "\", \"language\": \"zh-CN\", \"voice\": \"zhiyan_emo\", \"emotion\": \"happy\", \"speed\": 1.2}";
        HttpResponse<byte[]> first = post("/api/tts/synthesize", body);
        assertThat(first.statusCode()).as(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(header(first, "Content-Type")).isEqualTo("audio/wav");
        assertThat(header(first, "X-TTS-Cache")).isEqualTo("miss");
        assertThat(header(first, "X-TTS-Chunks")).isEqualTo("1");
        assertThat(header(first, "X-TTS-Cached-Chunks")).isEqualTo("0");
        assertThat(URLDecoder.decode(header(first, "X-TTS-Normalized"), StandardCharsets.UTF_8))
                .isEqualTo("您本期应还一千二百八十元五角。");
        long firstAudio = Long.parseLong(header(first, "X-TTS-First-Audio-Ms"));
        assertThat(firstAudio).isBetween(0L, Long.parseLong(header(first, "X-TTS-Total-Ms")));
        // the provider was asked for the normalized text, with the voice settings chosen
        JsonNode asked = json.readTree(tts.requests.get("您本期应还一千二百八十元五角。").getBody().clone().readUtf8());
        assertThat(asked.path("voice").asText()).isEqualTo("zhiyan_emo");
        assertThat(asked.path("emotion").asText()).isEqualTo("happy");
        assertThat(asked.path("speed").asDouble()).isEqualTo(1.2);

        ByteBuffer wav = ByteBuffer.wrap(first.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(first.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(wav.getInt(4)).isEqualTo(first.body().length - 8);
        assertThat(new String(first.body(), 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(wav.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(wav.getShort(22)).as("mono").isEqualTo((short) 1);
        assertThat(wav.getInt(24)).isEqualTo(RATE);
        assertThat(wav.getShort(34)).as("bits").isEqualTo((short) 16);
        int samples = "您本期应还一千二百八十元五角。".length() * 800;
        assertThat(wav.getInt(40)).as("data bytes").isEqualTo(samples * 2);
        assertThat(header(first, "X-TTS-Duration-Ms")).isEqualTo(Long.toString(samples * 1000L / RATE));
        assertThat(PcmAudio.fromWav(first.body()).samples()).hasSize(samples);

        HttpResponse<byte[]> again = post("/api/tts/synthesize", body);
        assertThat(header(again, "X-TTS-Cache")).isEqualTo("hit");
        assertThat(header(again, "X-TTS-Cached-Chunks")).isEqualTo("1");
        assertThat(tts.requestCount()).as("the second came from the cache").isEqualTo(1);

        HttpResponse<byte[]> longer = post("/api/tts/synthesize", "{\"text\": \"好的，" + AMOUNT + "\", \"voice\": \"zhiyan_emo\", \"emotion\": \"happy\", \"speed\": 1.2}");
        assertThat(header(longer, "X-TTS-Cache")).as("好的， is new, the amount sentence cached").isEqualTo("partial");
        assertThat(header(longer, "X-TTS-Chunks")).isEqualTo("2");
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        String[][] cases = {
                {"{\"text\": \"" + "长".repeat(41) + "\"}", "text", "too long: 41 characters, at most 40"},
                {"{\"text\": \"  \"}", "text", "required"},
                {"{\"text\": \"。，\"}", "text", "nothing to speak"},
                {"{\"text\": \"好\", \"speed\": 3}", "speed", "from 0.5 to 2.0"},
                {"{\"text\": \"好\", \"speed\": \"fast\"}", "speed", "must be a number"},
                {"{\"text\": \"好\", \"voice\": \"nobody\"}", "voice", "'nobody' is not a voice of http"},
                {"{\"text\": \"好\", \"emotion\": \"bored\"}", "emotion", "not one of [happy, sad]"},
                {"{\"text\": \"好\", \"language\": \"fr-FR\"}", "language", "'fr-FR' is not one of"},
                {"{\"text\": \"好\", \"provider\": \"cosyvoice\"}", "provider", "available: [http]"},
                {"[1]", "body", "expected a JSON object"},
        };
        for (String[] bad : cases) {
            JsonNode answer = jsonOf(post("/api/tts/synthesize", bad[0]));
            assertThat(answer.path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
            assertThat(answer.path("error").asText()).as(bad[0]).contains(bad[2]);
        }
        assertThat(post("/api/tts/normalize", cases[0][0]).statusCode()).isEqualTo(400);
        assertThat(tts.requestCount()).isZero();
    }

    @Test
    void aProviderFailureIsA502NamingIt() throws Exception {
        tts.answer(text -> new MockResponse().setResponseCode(500).setBody("model not loaded"));
        HttpResponse<byte[]> failed = post("/api/tts/synthesize", "{\"text\": \"您好。\"}");
        assertThat(failed.statusCode()).isEqualTo(502);
        JsonNode answer = jsonOf(failed);
        assertThat(answer.path("field").asText()).isEqualTo("provider");
        assertThat(answer.path("error").asText()).startsWith("TTS provider http failed: ").contains("500");
    }

    @Test
    void aThirdTryOutWhileTwoSynthesiseIsA429AndTheTwoFinish() throws Exception {
        tts.answer(text -> {
            tts.hold();
            return wav(800);
        });
        CompletableFuture<HttpResponse<byte[]>> one = CompletableFuture.supplyAsync(() -> postQuietly("{\"text\": \"一。\"}"));
        CompletableFuture<HttpResponse<byte[]>> two = CompletableFuture.supplyAsync(() -> postQuietly("{\"text\": \"二。\"}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> tts.requestCount() == 2);

        HttpResponse<byte[]> third = post("/api/tts/synthesize", "{\"text\": \"三。\"}");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(jsonOf(third).path("error").asText()).contains("at most 2 try-outs");

        tts.release();
        assertThat(one.get().statusCode()).isEqualTo(200);
        assertThat(two.get().statusCode()).isEqualTo(200);
        assertThat(post("/api/tts/synthesize", "{\"text\": \"三。\"}").statusCode()).as("a slot is free again").isEqualTo(200);
    }

    private HttpResponse<byte[]> postQuietly(String body) {
        try {
            return post("/api/tts/synthesize", body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
