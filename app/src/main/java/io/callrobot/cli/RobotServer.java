package io.callrobot.cli;

import io.callrobot.amd.AnnouncementPhrases;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.callrobot.asr.AsrEngine;
import io.callrobot.asr.openai.OpenAiAsrEngine;
import io.callrobot.call.CallManager;
import io.callrobot.call.CallServices;
import io.callrobot.call.PromptWarmer;
import io.callrobot.campaign.dialer.Dialer;
import io.callrobot.campaign.pacing.SwitchLimits;
import io.callrobot.campaign.webhook.WebhookSender;
import io.callrobot.chat.ChatSessions;
import io.callrobot.config.AuthConfig;
import io.callrobot.config.CallRobotConfig;
import io.callrobot.dialog.FlowDialogFactory;
import io.callrobot.dialog.FlowLibrary;
import io.callrobot.esl.EslOutboundServer;
import io.callrobot.esl.inbound.originate.EslOriginator;
import io.callrobot.esl.inbound.originate.OriginatorListener;
import io.callrobot.llm.OpenAiChatEngine;
import io.callrobot.llm.ToolsUnsupportedException;
import io.callrobot.media.MediaServer;
import io.callrobot.ops.CallLog;
import io.callrobot.ops.CallMetrics;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.OpsHttpServer;
import io.callrobot.ops.RecentCalls;
import io.callrobot.ops.dashboard.RollingHour;
import io.callrobot.ops.live.LiveEvents;
import io.callrobot.provider.CacheIdentity;
import io.callrobot.provider.ProviderRegistries;
import io.callrobot.provider.SharedResources;
import io.callrobot.provider.TtsProvider;
import io.callrobot.recording.Recorder;
import io.callrobot.recording.RetentionSweep;
import io.callrobot.store.Store;
import io.callrobot.store.calls.CallRecordSaver;
import io.callrobot.summary.Summarizer;
import io.callrobot.text.TextChunker;
import io.callrobot.text.TextNormalizer;
import io.callrobot.time.SystemCallClock;
import io.callrobot.tts.NormalizingTtsEngine;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.cache.CachingTtsEngine;
import io.callrobot.tts.polish.PolishingTtsEngine;
import io.callrobot.tts.tryout.TtsTryOut;
import io.callrobot.web.ApiAccess;
import io.callrobot.web.ApiDispatcher;
import io.callrobot.web.ApiRoutes;
import io.callrobot.web.Logins;
import io.callrobot.web.auth.Account;
import io.callrobot.web.auth.Accounts;
import io.callrobot.web.auth.LoginThrottle;
import io.callrobot.web.auth.PasswordHash;
import io.callrobot.web.auth.Role;
import io.callrobot.web.auth.Sessions;
import io.callrobot.web.ConsoleAssets;
import io.callrobot.web.api.CampaignApi;
import io.callrobot.web.api.FlowApi;
import io.callrobot.web.api.LiveApi;
import io.callrobot.web.api.TtsApi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
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
    /** Live events of all calls waiting for the {@code ops-live} thread, and for one console's stream. */
    private static final int LIVE_EVENTS_QUEUED = 16_384;
    private static final int LIVE_EVENTS_PER_SUBSCRIBER = 2_048;
    /** WHATWG HTML, "Server-sent events": a comment "every 15 seconds or so" keeps proxies from closing a stream. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Longest wait at start-up for the LLM's answer to the tool-support check; then tools stay on. */
    private static final Duration TOOLS_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CallManager calls;
    private final EslOutboundServer esl;
    private final OpsHttpServer http;
    private final CallMetrics metrics;
    private final MediaServer media;
    private final Store store;
    private final LiveEvents live;
    /** Set once at start-up unless {@code llm.summary} is off; read by the calls' threads. */
    private volatile Summarizer summarizer;
    /** Set once the ESL server is up; read by the call log's and the API's threads. */
    private volatile Dialer dialer;
    private CompletableFuture<CachingTtsEngine.Warmed> promptsWarmed;

    /**
     * Starts everything; the server accepts calls when this returns.
     *
     * @param onRecord also told of every call record (tests, benchmarks); must not block
     */
    public RobotServer(CallRobotConfig config, Consumer<CallRecord> onRecord) throws Exception {
        this(config, onRecord, System.getenv());
    }

    /**
     * Starts everything; the server accepts calls when this returns.
     *
     * @param onRecord also told of every call record (tests, benchmarks); must not block
     * @param env      the environment the flows' HTTP tools take their secrets from ({@code ${env:NAME}})
     */
    public RobotServer(CallRobotConfig config, Consumer<CallRecord> onRecord, Map<String, String> env) throws Exception {
        try {
            FlowLibrary flows = FlowLibrary.load(config.dialog().flowsDir().isBlank() ? null
                    : Path.of(config.dialog().flowsDir()), env);
            CallManager[] manager = new CallManager[1];
            metrics = new CallMetrics(() -> manager[0] == null ? 0 : manager[0].activeCalls());
            RecentCalls recent = new RecentCalls(1000);
            live = own(new LiveEvents(LIVE_EVENTS_QUEUED, LIVE_EVENTS_PER_SUBSCRIBER));
            RollingHour lastHour = new RollingHour(Clock.systemUTC());
            store = own(Store.open(config.store(), Clock.systemUTC()));
            // closed after the call log (resources close in reverse), which hands it the last records
            CallRecordSaver saver = own(new CallRecordSaver(store.callRecords()));
            metrics.storedCallRecords(saver::saved, saver::failures, saver::dropped, saver::queued);
            CallLog callLog = own(new CallLog(config.callLog().path().isBlank() ? null
                    : Path.of(config.callLog().path()), recent.andThen(lastHour).andThen(saver).andThen(this::toSummarizer).andThen(this::toDialer)
                            .andThen(onRecord)));
            // closed before the call log, which takes the records of the recordings it finishes
            Recorder recorder = own(new Recorder(config.recording()));
            metrics.recordings(recorder::active, recorder::droppedFrames);
            OkHttpClient providers = httpClient(config);
            own(() -> {
                providers.dispatcher().executorService().shutdownNow();
                providers.connectionPool().evictAll();
            });
            SystemCallClock clock = own(new SystemCallClock("call-timers"));
            if (config.recording().retentionDays() > 0) {
                ExecutorService sweeper = Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().name("recording-retention").daemon().factory());
                own(sweeper::shutdownNow);
                own(new RetentionSweep(config.recording().directory(), config.recording().retentionDays(), clock,
                        java.time.InstantSource.system(), sweeper)).start();
            }
            ExecutorService callThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("call-", 0).factory());
            own(callThreads::shutdownNow);
            media = own(new MediaServer(config.media()));
            media.start();
            metrics.pacer(media::pacerStats);
            OpenAiChatEngine llm = new OpenAiChatEngine(config.llm(), providers);
            checkLlmTools(llm, flows);
            FlowDialogFactory dialogs = new FlowDialogFactory(flows, config.dialog().defaultFlow(), llm, providers);
            if (config.llm().summaryEnabled()) {
                summarizer = startSummarizer(flows, llm, saver, callLog, clock);
            }
            ProviderRegistries registries = ProviderRegistries.standard();
            SharedResources shared = new SharedResources(providers, config.nls(), this::own);
            TtsProvider tts = registries.tts().selected(config);
            CachingTtsEngine promptCache = promptCache(config, tts, tts.create(config, shared));
            // polishing comes last: the cache keeps the provider's own audio, since levelling depends on the reply
            TtsEngine speech = new PolishingTtsEngine(promptCache, config.tts().polish());
            boolean streamingText = speech.streamsText();
            Supplier<TextChunker> chunkers = () -> new TextChunker(config.tts().chunker(), streamingText);
            PromptWarmer warmer = config.tts().cache().enabled() && config.tts().cache().warmOnStart()
                    ? own(new PromptWarmer(flows.scriptedReplies(), chunkers, promptCache, WARM_CONCURRENCY, WARM_TIMEOUT))
                    : null;
            metrics.promptCache(promptCache::bytes, () -> warmer == null ? 0 : warmer.pending());
            AsrEngine asr = registries.asr().selected(config).create(config, shared);
            if (asr instanceof OpenAiAsrEngine transcriptions) {
                metrics.asrSkippedUtterances(transcriptions::failedUtterances);
            }
            CallServices services = new CallServices(config, media, dialogs, asr,
                    speech,
                    registries.vad().selected(config).create(config, shared),
                    chunkers, metrics, callLog, clock,
                    callThreads, live, recorder, amdPhrases(config));
            calls = new CallManager(services);
            manager[0] = calls;
            // API handlers and console file reads wait on the store or the disk: virtual threads
            ExecutorService handlers = own(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("api-", 0).factory()));
            ApiRoutes routes = CampaignApi.routes(store, flows::names, this::wakeDialer, config.recording().directory());
            FlowApi.register(routes, flows, own(new ChatSessions(dialogs, clock, callThreads, ChatSessions.Limits.DEFAULTS)));
            LiveApi.register(routes, calls, live, lastHour, heartbeat(config), clock::nanoTime);
            TtsApi.register(routes, TtsTryOut.forServer(config, speech, registries.tts(), shared));
            http = own(new OpsHttpServer(config.http(), metrics, calls, recent, api(config, routes, handlers),
                    new ConsoleAssets(handlers)));
            http.start();
            esl = own(new EslOutboundServer(config.esl(), calls));
            esl.start();
            if (config.dialer().enabled()) {
                dialer = startDialer(config, clock);
                metrics.dialerInFlight(dialer::inFlight);
            }
            metrics.setReady(true);
            // calls are served while the prompts are warmed; one that needs a prompt being warmed waits for it
            promptsWarmed = warmer == null ? CompletableFuture.completedFuture(CachingTtsEngine.Warmed.NONE) : warmer.start();
            log.info("CallRobot ready: ESL {}:{}, HTTP {}:{}, flows {}, TTS {}, ASR {}, store {}", config.esl().host(),
                    esl.port(), config.http().host(), http.port(), flows.names(), config.tts().provider(),
                    config.asr().provider(), store.description());
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Asks the LLM whether it takes tools when some flow lets the model call them ({@code llm.tools}
     * {@code auto} or {@code required}); runs on the starting thread, before any call is taken.
     *
     * @throws ToolsUnsupportedException with {@code llm.tools: required}, if the server refuses tools
     */
    private static void checkLlmTools(OpenAiChatEngine llm, FlowLibrary flows)
            throws ToolsUnsupportedException, InterruptedException {
        List<String> nodes = flows.toolNodes();
        if (nodes.isEmpty()) {
            return;
        }
        log.info("checking that the LLM takes tools, used by {}", nodes);
        llm.checkTools(TOOLS_CHECK_TIMEOUT);
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
     * until the reply ends, and an okhttp websocket (NLS, CosyVoice, OpenAI realtime) runs its reader loop on it for
     * the socket's life: one thread per call, so virtual threads from JDK 24 on. Before JDK 24 a
     * virtual thread waiting in {@code Object.wait} keeps its carrier (JEP 491 lifted that), and
     * okhttp's HTTP/2 streams wait that way for data, so older JDKs keep okhttp's platform pool.
     *
     * <p>What stays on platform threads is okhttp's shared TaskRunner ({@code TaskRunner.INSTANCE},
     * not configurable in okhttp 4.12): websocket writers, pings and close time-outs, HTTP/2
     * connection readers, connection-pool cleanup. Its pool has no upper bound: a thread that takes a
     * task starts another whenever more tasks are ready, and idle ones live 60 s, so it follows the
     * rate of websocket writes and CPU contention, not a fixed number; 466 to 633 threads at 200
     * calls with a FunASR socket each (docs/BENCHMARKS.md, "Threads at 200 calls"), so FunASR's
     * websockets run on netty instead ({@link io.callrobot.net.ws.WsClient}, a few loop threads in all).
     * Sends to the okhttp websockets go through {@link io.callrobot.net.QueuedWebSocket}, so no shared
     * thread waits on the TaskRunner's monitor.
     */
    static Dispatcher dispatcher(int jdkFeature) {
        return jdkFeature >= 24
                ? new Dispatcher(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("okhttp-", 0).factory()))
                : new Dispatcher();
    }

    /**
     * The provider behind Chinese normalization, behind the prompt cache. The cache keys on the
     * text as the dialog wrote it, so its identity includes the normalization settings.
     */
    private static CachingTtsEngine promptCache(CallRobotConfig config, TtsProvider provider, TtsEngine engine) {
        TtsEngine normalized = new NormalizingTtsEngine(engine, new TextNormalizer(config.tts().normalize()));
        String identity = provider.cacheIdentity(config) + CacheIdentity.of("tts.normalize", config.tts().normalize());
        return new CachingTtsEngine(normalized, identity, config.tts().cache());
    }

    /**
     * The dialer and the FreeSWITCH event socket it originates through. Its thread is its own: it
     * waits on the store.
     */
    private Dialer startDialer(CallRobotConfig config, SystemCallClock clock) {
        // the configured port, not the bound one: a restarted robot must know its own attempts again
        String robotId = config.dialer().robotId().isBlank() ? hostName() + ":" + config.esl().port()
                : config.dialer().robotId();
        Dialer[] built = new Dialer[1];
        OriginatorListener forward = new OriginatorListener() {
            @Override
            public void onConnected(boolean reconnected) {
                built[0].onConnected(reconnected);
            }

            @Override
            public void onDisconnected(String reason) {
                built[0].onDisconnected(reason);
            }

            @Override
            public void onCallEnded(String uuid, String hangupCause) {
                built[0].onCallEnded(uuid, hangupCause);
            }
        };
        EslOriginator originator = new EslOriginator(config.esl(), config.esl().socketAddress(esl.port()), clock, forward);
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("campaign-dialer").daemon().factory());
        own(thread::shutdownNow);
        OkHttpClient hooks = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
        own(() -> hooks.dispatcher().executorService().shutdownNow());
        WebhookSender webhooks = new WebhookSender(hooks, WebhookSender.Policy.defaults(), thread, Clock.systemUTC(),
                new WebhookSender.Outcomes() {
                    @Override
                    public void delivered(String deliveryId, int attempts) {
                        log.debug("webhook {} delivered after {} attempts", deliveryId, attempts);
                    }

                    @Override
                    public void gaveUp(String deliveryId, int attempts, String why) {
                        log.warn("webhook {} not delivered after {} attempts: {}", deliveryId, attempts, why);
                    }
                });
        Dialer made = new Dialer(store, originator, config.dialer(), robotId,
                new SwitchLimits(config.dialer().sessionsPerSecond(), config.call().maxCalls()),
                Clock.systemUTC(), clock::nanoTime, thread, webhooks);
        built[0] = made;
        own(originator); // closed after the dialer, which must not place a call on a closed socket
        own(made);
        originator.start();
        made.start();
        log.info("dialer {} originating through FreeSWITCH's event socket at {}:{}", robotId,
                config.esl().inbound().host(), config.esl().inbound().port());
        return made;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "robot";
        }
    }

    /**
     * Post-call summaries: requests start on virtual threads of their own, and each result is
     * added to the stored record (after it, through the saver's queue) and to the call log.
     */
    private Summarizer startSummarizer(FlowLibrary flows, OpenAiChatEngine llm, CallRecordSaver saver,
            CallLog callLog, SystemCallClock clock) {
        ExecutorService threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("call-summary-", 0).factory());
        own(threads::shutdownNow);
        Summarizer made = own(new Summarizer(llm, flows::summary, summary -> {
            saver.summarized(summary);
            callLog.write(summary);
        }, clock, threads, Summarizer.Limits.DEFAULTS));
        metrics.summaries(made::done, made::failed, made::dropped);
        return made;
    }

    private void toSummarizer(CallRecord record) {
        Summarizer current = summarizer;
        if (current != null) {
            current.accept(record);
        }
    }

    private void toDialer(CallRecord record) {
        Dialer current = dialer;
        if (current != null) {
            current.callRecorded(record);
        }
    }

    private void wakeDialer() {
        Dialer current = dialer;
        if (current != null) {
            current.wake();
        }
    }

    /** An event stream's heartbeat: every 15 s, or twice per HTTP idle time-out if that is shorter. */
    private static Duration heartbeat(CallRobotConfig config) {
        Duration half = config.http().idleTimeout().dividedBy(2);
        return half.compareTo(HEARTBEAT) < 0 ? half : HEARTBEAT;
    }

    /** The JSON API: its handlers run on virtual threads, as they wait on the store. */
    private ApiDispatcher api(CallRobotConfig config, ApiRoutes routes, ExecutorService handlers) throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return new ApiDispatcher(routes, new ApiAccess(Optional.of(config.api().token()), logins(config)), json, handlers,
                store.audit()::add);
    }

    /** Who logs in: required unless the server listens on loopback only (or auth.required says so). */
    private static Logins logins(CallRobotConfig config) throws java.net.UnknownHostException {
        AuthConfig auth = config.auth();
        boolean required = auth.required() || !java.net.InetAddress.getByName(config.http().host()).isLoopbackAddress();
        Accounts accounts = new Accounts(auth.users().stream().map(u -> new Accounts.User(
                new Account(u.name(), Role.parse(u.role()), u.seesNumbers()), PasswordHash.parse(u.passwordHash())))
                .toList(), Optional.of(auth.adminToken()));
        if (required && !accounts.any()) {
            log.warn("logins are required (http.host {} is not loopback, or auth.required) but nobody can log in:"
                    + " configure auth.users or CALLROBOT_ADMIN_TOKEN", config.http().host());
        }
        Clock clock = Clock.systemUTC();
        return new Logins(required, accounts, new Sessions(clock, auth.sessionIdle(), auth.sessionMax()),
                LoginThrottle.standard(clock), auth.secureCookies());
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

    /** The campaigns' store, open while the server runs. */
    public Store store() {
        return store;
    }

    public CallMetrics metrics() {
        return metrics;
    }

    /** The hub calls publish their live events to; the console's event streams subscribe to it. */
    public LiveEvents liveEvents() {
        return live;
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

    /** The built-in phrase lists plus the configured file's (checked when the configuration loaded). */
    private static AnnouncementPhrases amdPhrases(CallRobotConfig config) throws IOException {
        AnnouncementPhrases phrases = AnnouncementPhrases.defaults();
        String file = config.amd().phrasesFile();
        return file.isBlank() ? phrases : phrases.plus(AnnouncementPhrases.load(Path.of(file)));
    }

}
