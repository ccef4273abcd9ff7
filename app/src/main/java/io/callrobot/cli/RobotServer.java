package io.callrobot.cli;

import io.callrobot.asr.AsrEngine;
import io.callrobot.asr.EnergyVad;
import io.callrobot.asr.FunAsrEngine;
import io.callrobot.asr.NlsAsrEngine;
import io.callrobot.asr.OpenAiAsrEngine;
import io.callrobot.asr.SileroVadBatcher;
import io.callrobot.asr.SileroVadModel;
import io.callrobot.asr.Vad;
import io.callrobot.call.CallManager;
import io.callrobot.call.CallServices;
import io.callrobot.call.PromptWarmer;
import io.callrobot.call.TimedLlmEngine;
import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigException;
import io.callrobot.config.VadSettings;
import io.callrobot.dialog.FlowDialogFactory;
import io.callrobot.dialog.FlowLibrary;
import io.callrobot.esl.EslOutboundServer;
import io.callrobot.llm.OpenAiChatEngine;
import io.callrobot.media.MediaServer;
import io.callrobot.nls.NlsGateway;
import io.callrobot.nls.NlsTokens;
import io.callrobot.ops.CallLog;
import io.callrobot.ops.CallMetrics;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.OpsHttpServer;
import io.callrobot.ops.RecentCalls;
import io.callrobot.tts.EspeakTtsEngine;
import io.callrobot.tts.CachingTtsEngine;
import io.callrobot.tts.CosyVoiceConfig;
import io.callrobot.tts.CosyVoiceTtsEngine;
import io.callrobot.tts.HttpTtsEngine;
import io.callrobot.tts.NlsTtsEngine;
import io.callrobot.tts.NormalizingTtsEngine;
import io.callrobot.tts.PolishingTtsEngine;
import io.callrobot.tts.OpenAiTtsConfig;
import io.callrobot.tts.OpenAiTtsEngine;
import io.callrobot.tts.TextNormalizer;
import io.callrobot.tts.TextChunker;
import io.callrobot.tts.TtsEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.IntFunction;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: providers, media, dialog flows, the ESL outbound socket and the ops endpoint,
 * built from one configuration and closed in reverse order.
 */
public final class RobotServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RobotServer.class);
    /** Replies warmed at once: the TTS provider keeps most of its capacity for calls arriving meanwhile. */
    private static final int WARM_CONCURRENCY = 2;
    private static final Duration WARM_TIMEOUT = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CallManager calls;
    private final EslOutboundServer esl;
    private final OpsHttpServer http;
    private final CallMetrics metrics;
    private final MediaServer media;
    private CompletableFuture<CachingTtsEngine.Warmed> promptsWarmed;

    /**
     * Starts everything; the server accepts calls when this returns.
     *
     * @param onRecord also told of every call record (tests, benchmarks); must not block
     */
    public RobotServer(CallRobotConfig config, Consumer<CallRecord> onRecord) throws Exception {
        try {
            FlowLibrary flows = config.dialog().flowsDir().isBlank()
                    ? FlowLibrary.builtIn() : FlowLibrary.load(Path.of(config.dialog().flowsDir()));
            CallManager[] manager = new CallManager[1];
            metrics = new CallMetrics(() -> manager[0] == null ? 0 : manager[0].activeCalls());
            RecentCalls recent = new RecentCalls(1000);
            CallLog callLog = own(new CallLog(config.callLog().path().isBlank() ? null
                    : Path.of(config.callLog().path()), recent.andThen(onRecord)));
            OkHttpClient providers = httpClient(config);
            own(() -> {
                providers.dispatcher().executorService().shutdownNow();
                providers.connectionPool().evictAll();
            });
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("call-timers").daemon().factory());
            own(scheduler::shutdownNow);
            ExecutorService callThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("call-", 0).factory());
            own(callThreads::shutdownNow);
            media = own(new MediaServer(config.media()));
            media.start();
            metrics.pacer(media::pacerStats);
            TimedLlmEngine llm = TimedLlmEngine.forCalls(new OpenAiChatEngine(config.llm(), providers), () -> manager[0]);
            FlowDialogFactory dialogs = new FlowDialogFactory(flows, config.dialog().defaultFlow(), llm, scheduler);
            NlsGateway nls = nlsGateway(config, providers);
            CachingTtsEngine promptCache = promptCache(config, tts(config, providers, nls));
            // polishing comes last: the cache keeps the provider's own audio, since levelling depends on the reply
            TtsEngine speech = new PolishingTtsEngine(promptCache, config.tts().polish());
            Supplier<TextChunker> chunkers = () -> new TextChunker(config.tts().chunker());
            PromptWarmer warmer = config.tts().cache().enabled() && config.tts().cache().warmOnStart()
                    ? own(new PromptWarmer(flows.scriptedReplies(), chunkers, promptCache, WARM_CONCURRENCY, WARM_TIMEOUT))
                    : null;
            metrics.promptCache(promptCache::bytes, () -> warmer == null ? 0 : warmer.pending());
            AsrEngine asr = asr(config, providers, nls);
            if (asr instanceof OpenAiAsrEngine transcriptions) {
                metrics.asrSkippedUtterances(transcriptions::failedUtterances);
            }
            CallServices services = new CallServices(config, media, dialogs, asr,
                    speech,
                    vads(config),
                    chunkers, metrics, callLog, scheduler,
                    callThreads);
            calls = new CallManager(services);
            manager[0] = calls;
            http = own(new OpsHttpServer(config.http().host(), config.http().port(), metrics, calls::liveCalls,
                    recent));
            http.start();
            esl = own(new EslOutboundServer(config.esl(), calls));
            esl.start();
            metrics.setReady(true);
            // calls are served while the prompts are warmed; one that needs a prompt being warmed waits for it
            promptsWarmed = warmer == null ? CompletableFuture.completedFuture(CachingTtsEngine.Warmed.NONE) : warmer.start();
            log.info("CallRobot ready: ESL {}:{}, HTTP {}:{}, flows {}, TTS {}, ASR {}", config.esl().host(), esl.port(),
                    config.http().host(), http.port(), flows.names(), config.tts().provider(), config.asr().provider());
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /**
     * One HTTP client for every provider, so connections and threads are shared. okhttp's
     * dispatcher allows 5 concurrent calls per host by default, and a websocket or SSE stream holds
     * its call for the whole conversation: allow one per call and then some.
     */
    static OkHttpClient httpClient(CallRobotConfig config) {
        Dispatcher dispatcher = dispatcher(Runtime.version().feature());
        int streams = 4 * config.call().maxCalls() + 64;
        dispatcher.setMaxRequests(streams);
        dispatcher.setMaxRequestsPerHost(streams);
        return new OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(Math.max(5, config.call().maxCalls()), 5, TimeUnit.MINUTES))
                .build();
    }

    /**
     * okhttp's dispatcher, with the threads it runs calls on. An SSE stream (LLM) holds its thread
     * until the reply ends, and a websocket (FunASR, NLS, CosyVoice) runs its reader loop on it for
     * the socket's life: one thread per call, so virtual threads from JDK 24 on. Before JDK 24 a
     * virtual thread waiting in {@code Object.wait} keeps its carrier (JEP 491 lifted that), and
     * okhttp's HTTP/2 streams wait that way for data, so older JDKs keep okhttp's platform pool.
     *
     * <p>What stays on platform threads is okhttp's shared TaskRunner ({@code TaskRunner.INSTANCE},
     * not configurable in okhttp 4.12): websocket writers, pings and close time-outs, HTTP/2
     * connection readers, connection-pool cleanup. Its pool has no upper bound: a thread that takes a
     * task starts another whenever more tasks are ready, and idle ones live 60 s, so it follows the
     * rate of websocket writes and CPU contention, not a fixed number; 466 to 633 threads at 200
     * calls with a FunASR socket each (docs/BENCHMARKS.md, "Threads at 200 calls"). Sends to those
     * websockets go through {@link io.callrobot.net.QueuedWebSocket}, so no shared thread waits on
     * the TaskRunner's monitor.
     */
    static Dispatcher dispatcher(int jdkFeature) {
        return jdkFeature >= 24
                ? new Dispatcher(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("okhttp-", 0).factory()))
                : new Dispatcher();
    }

    /** Energy VAD per call, or Silero VAD per call fed by one batched inference thread. */
    private IntFunction<Vad> vads(CallRobotConfig config) {
        VadSettings vad = config.vad();
        if (!"silero".equals(vad.engine())) {
            return rate -> new EnergyVad(rate, rate / 50, vad.energy());
        }
        SileroVadModel model;
        try {
            model = own(new SileroVadModel(modelFile(vad.silero().modelPath())));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("vad.silero.modelPath: '" + vad.silero().modelPath() + "': " + e.getMessage()
                    + " (a relative path is looked up in the working directory, then in the installation"
                    + " directory; or set vad.engine: energy)");
        }
        SileroVadBatcher batcher = own(new SileroVadBatcher(model, SileroVadBatcher.DEFAULT_MAX_BATCH).start());
        return rate -> batcher.newVad(rate, vad.silero());
    }

    /**
     * Where a configured file is: an absolute path as it is; a relative one in the working
     * directory, else in the installation directory: the {@code callrobot.home} system property
     * (set by the {@code callrobot} launcher), else the directory the classes or the jar were loaded
     * from and its parents ({@code app/target/callrobot.jar}, {@code app/target/classes}). If it is
     * nowhere, the path in the working directory, so the error names it.
     */
    static Path modelFile(String configured) {
        Path path = Path.of(configured);
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        String home = System.getProperty("callrobot.home");
        if (home != null && !home.isBlank() && Files.exists(Path.of(home).resolve(path))) {
            return Path.of(home).resolve(path);
        }
        try {
            Path dir = Path.of(RobotServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
            for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
                if (Files.exists(dir.resolve(path))) {
                    return dir.resolve(path);
                }
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            log.debug("cannot locate the installation: {}", e.toString());
        }
        return path;
    }

    /** One gateway and token source for the NLS providers, or null when neither speaks NLS. */
    private NlsGateway nlsGateway(CallRobotConfig config, OkHttpClient http) {
        if (!"nls".equals(config.asr().provider()) && !"nls".equals(config.tts().provider())) {
            return null;
        }
        return new NlsGateway(config.nls(), own(NlsTokens.start(config.nls(), http)), http);
    }

    private static AsrEngine asr(CallRobotConfig config, OkHttpClient http, NlsGateway nls) {
        return switch (config.asr().provider()) {
            case "funasr" -> new FunAsrEngine(config.asr().funasr(), http);
            case "nls" -> new NlsAsrEngine(nls, config.asr().nls());
            case "openai" -> new OpenAiAsrEngine(config.asr().openai(), http);
            default -> null;
        };
    }

    /**
     * The provider behind Chinese normalization, behind the prompt cache. The cache keys on the
     * text as the dialog wrote it, so its provider name includes the normalization settings.
     */
    private static CachingTtsEngine promptCache(CallRobotConfig config, TtsEngine provider) {
        TtsEngine normalized = new NormalizingTtsEngine(provider, new TextNormalizer(config.tts().normalize()));
        return new CachingTtsEngine(normalized, cacheName(config) + "|" + config.tts().normalize(), config.tts().cache());
    }

    /** The provider and every setting that changes its audio for the same request and text. */
    private static String cacheName(CallRobotConfig config) {
        CosyVoiceConfig cosy = config.tts().cosyvoice();
        OpenAiTtsConfig openai = config.tts().openai();
        return switch (config.tts().provider()) {
            case "http" -> "http:" + config.tts().http().url();
            case "cosyvoice" -> String.join(":", "cosyvoice", cosy.url(), cosy.model(), cosy.voice(),
                    Integer.toString(cosy.sampleRate()), Integer.toString(cosy.volume()), Double.toString(cosy.pitch()),
                    cosy.instruction());
            case "openai" -> String.join(":", "openai", openai.baseUrl(), openai.model(), openai.voice(),
                    Integer.toString(openai.sampleRate()), openai.instructions());
            case "nls" -> String.join(":", "nls", config.nls().url(), config.nls().appKey(), config.tts().nls().toString());
            default -> "espeak";
        };
    }

    private TtsEngine tts(CallRobotConfig config, OkHttpClient http, NlsGateway nls) {
        return switch (config.tts().provider()) {
            case "http" -> new HttpTtsEngine(config.tts().http(), http);
            case "cosyvoice" -> own(new CosyVoiceTtsEngine(config.tts().cosyvoice(), http));
            case "openai" -> new OpenAiTtsEngine(config.tts().openai(), http);
            case "nls" -> own(new NlsTtsEngine(nls, config.tts().nls()));
            default -> new EspeakTtsEngine(config.tts().espeak());
        };
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    public int eslPort() {
        return esl.port();
    }

    public int httpPort() {
        return http.port();
    }

    public CallManager calls() {
        return calls;
    }

    MediaServer media() {
        return media;
    }

    public CallMetrics metrics() {
        return metrics;
    }

    /** Completes when start-up warming of the prompt cache is over (at once if it is off). */
    public CompletableFuture<CachingTtsEngine.Warmed> promptsWarmed() {
        return promptsWarmed;
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                log.warn("error while stopping: {}", e.toString());
            }
        }
    }
}
