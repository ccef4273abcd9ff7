package io.callrobot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.sim.Callee;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.InboundSettings;
import io.callrobot.store.AttemptRow;
import io.callrobot.store.AttemptState;
import io.callrobot.store.Store;
import io.callrobot.store.StoreConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The dialer's throughput and CPU cost per call: the robot, in a JVM of its own with its dialer on,
 * works through one campaign whose numbers all end at once at the simulated switch (USER_BUSY and
 * UNALLOCATED_NUMBER in turn, optionally a share answered and hung up by the callee at once), so
 * what is measured is claiming, originating over the event socket and settling attempts in the store,
 * not calls.
 */
public final class CampaignBench {

    /**
     * The campaign and where it is stored.
     *
     * @param contacts          contacts in the campaign (at most 99 999: they get numbers of their own)
     * @param callsPerSecond    the campaign's pacing
     * @param maxConcurrent     the campaign's calls up at once
     * @param answered          share of the numbers that answer (and the callee hangs up at once)
     * @param sessionsPerSecond the simulated switch's session rate limit, also the robot's {@code dialer.sessionsPerSecond}
     * @param storeUrl          the robot's {@code store.url}: empty for the embedded database, made afresh in the work directory
     * @param workDir           robot log, call log and embedded database go here
     */
    public record Options(int contacts, double callsPerSecond, int maxConcurrent, double answered,
                          int sessionsPerSecond, String storeUrl, Path workDir) {

        public Options {
            if (contacts < 1 || contacts > 99_999) {
                throw new IllegalArgumentException("--contacts must be between 1 and 99999, not " + contacts);
            }
            if (!(answered >= 0 && answered <= 1)) {
                throw new IllegalArgumentException("--answered must be a share between 0 and 1, not " + answered);
            }
            if (sessionsPerSecond < 1) {
                throw new IllegalArgumentException("--switch-sps must be positive, not " + sessionsPerSecond);
            }
            storeUrl = storeUrl == null ? "" : storeUrl.strip();
        }
    }

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(5);

    private final Options options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public CampaignBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public void run() throws Exception {
        Files.createDirectories(options.workDir());
        Path storeDir = options.workDir().resolve("campaign-store").toAbsolutePath();
        if (options.storeUrl().isEmpty()) {
            deleteTree(storeDir); // a fresh embedded database for every run
        }
        // numbers unique per run (a run tag from the clock), so the per-number daily cap of earlier runs
        // on the same database never holds a contact back
        String prefix = String.format("13%04d", Instant.now().getEpochSecond() / 10 % 10_000);
        int port = freePort();
        Map<String, Callee> callees = new HashMap<>();
        for (int i = 0; i < options.contacts(); i++) {
            callees.put(phone(prefix, i), callee(i));
        }
        InboundSettings settings = new InboundSettings(port, "ClueCon", options.sessionsPerSecond(), callees,
                Callee.busy(), System::nanoTime);
        Path log = options.workDir().resolve("campaign-robot.log");
        long campaign;
        Instant started;
        Instant completed;
        Duration cpu;
        double idleCores;
        try (FreeSwitchSimulator simulator = new FreeSwitchSimulator()) {
            simulator.startInbound(settings, call -> Thread.ofVirtual().start(() -> call.hangup("NORMAL_CLEARING")));
            try (RobotProcess robot = RobotProcess.start(environment(port, storeDir), log)) {
                String api = "http://127.0.0.1:" + robot.httpPort() + "/api/campaigns";
                campaign = create(api);
                long importStart = System.nanoTime();
                JsonNode imported = send(api + "/" + campaign + "/contacts", "text/csv", csv(prefix), 200);
                out.printf("campaign %d: %d contacts imported in %.2f s; store %s%n", campaign,
                        imported.path("accepted").asInt(), (System.nanoTime() - importStart) / 1e9,
                        options.storeUrl().isEmpty() ? "embedded (" + storeDir + ")" : options.storeUrl());
                Duration idleStart = robot.cpu();
                long idleFrom = System.nanoTime();
                TimeUnit.MILLISECONDS.sleep(IDLE_SAMPLE.toMillis()); // the measurement window of the idle CPU rate
                idleCores = (robot.cpu().minus(idleStart).toNanos()) / (double) (System.nanoTime() - idleFrom);
                Duration cpuStart = robot.cpu();
                started = Instant.now();
                send(api + "/" + campaign + "/start", "application/json", new byte[0], 200);
                completed = awaitCompleted(api + "/" + campaign, robot);
                cpu = robot.cpu().minus(cpuStart);
            }
        }
        // the embedded database is the robot's alone while it runs: read it once the robot has stopped
        List<AttemptRow> attempts = attempts(storeDir, campaign);
        out.printf("%d contacts, %.0f calls/s, at most %d at once, %.0f%% answered; switch %d sessions/s; "
                        + "robot idle CPU %.3f cores%n", options.contacts(), options.callsPerSecond(),
                options.maxConcurrent(), options.answered() * 100, options.sessionsPerSecond(), idleCores);
        CampaignFigures.of(options.contacts(), attempts, started, completed, cpu, idleCores).print(out);
    }

    /** Contact i's number: answered for the answered share, spread evenly; else busy and 空号 in turn. */
    private Callee callee(int i) {
        if (Math.floor((i + 1) * options.answered()) > Math.floor(i * options.answered())) {
            return Callee.answer();
        }
        return i % 2 == 0 ? Callee.busy() : Callee.hangup("UNALLOCATED_NUMBER");
    }

    private static String phone(String prefix, int i) {
        return prefix + String.format("%05d", i);
    }

    private Map<String, String> environment(int inboundPort, Path storeDir) {
        Map<String, String> env = new HashMap<>();
        env.put("CALLROBOT_DIALER_ENABLED", "true");
        env.put("CALLROBOT_ESL_INBOUND_PORT", Integer.toString(inboundPort));
        env.put("CALLROBOT_DIALER_SESSIONS_PER_SECOND", Integer.toString(options.sessionsPerSecond()));
        env.put("CALLROBOT_DIALER_RING_TIMEOUT", "5s");
        // an answered call hung up at once: its record comes within the linger time
        env.put("CALLROBOT_DIALER_END_GRACE", "2s");
        env.put("CALLROBOT_STORE_URL", options.storeUrl());
        env.put("CALLROBOT_STORE_DATA_DIR", storeDir.toString());
        int calls = Math.max(100, options.maxConcurrent());
        env.put("CALLROBOT_CALL_MAX_CALLS", Integer.toString(calls));
        env.put("CALLROBOT_MEDIA_PORT_MIN", "14000");
        env.put("CALLROBOT_MEDIA_PORT_MAX", Integer.toString(14000 + 2 * calls + 199));
        env.put("CALLROBOT_CALL_LOG_PATH", options.workDir().resolve("campaign-calls.jsonl").toString());
        return env;
    }

    private long create(String api) throws IOException, InterruptedException {
        String body = """
                {"name": "bench campaign", "flow": "payment-reminder-zh", "dialString": "loopback/${phone}/default",
                 "callerIds": ["02150001000"], "variables": {"customer_name": "客户", "amount": "100.00", "due_date": "12月5日"},
                 "window": {"timezone": "UTC", "days": ["mon","tue","wed","thu","fri","sat","sun"], "hours": ["00:00-24:00"]},
                 "pacing": {"maxConcurrent": %d, "callsPerSecond": %s},
                 "retry": {"busy": {"afterMinutes": 10, "maxAttempts": 1}, "noAnswer": {"afterMinutes": 60, "maxAttempts": 1},
                           "unreachable": {"afterMinutes": 60, "maxAttempts": 1}, "failed": {"afterMinutes": 30, "maxAttempts": 1}}}
                """.formatted(options.maxConcurrent(), options.callsPerSecond());
        return send(api, "application/json", body.getBytes(StandardCharsets.UTF_8), 201).path("id").asLong();
    }

    private byte[] csv(String prefix) {
        StringBuilder csv = new StringBuilder("phone\n");
        for (int i = 0; i < options.contacts(); i++) {
            csv.append(phone(prefix, i)).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Instant awaitCompleted(String url, RobotProcess robot) throws IOException, InterruptedException {
        // generous: ten times the paced duration, plus a minute
        long deadline = System.nanoTime() + (long) ((options.contacts() / options.callsPerSecond() * 10 + 60) * 1e9);
        while (System.nanoTime() < deadline) {
            if (send(url, null, null, 200).path("state").asText().equals("completed")) {
                return Instant.now();
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis()); // polling the API, as a client would
        }
        throw new IOException("campaign not completed in time; counts: " + send(url, null, null, 200).path("counts"));
    }

    private List<AttemptRow> attempts(Path storeDir, long campaign) {
        StoreConfig config = new StoreConfig(options.storeUrl(), System.getenv("CALLROBOT_STORE_USER"),
                System.getenv("CALLROBOT_STORE_PASSWORD"), storeDir.toString(), 2);
        try (Store store = Store.open(config, Clock.systemUTC())) {
            return store.attempts().inState(AttemptState.ENDED, Integer.MAX_VALUE).stream()
                    .filter(a -> a.campaignId() == campaign).toList();
        }
    }

    /** GET when {@code type} is null, else POST of {@code body}; the JSON answer, which must have {@code expected} status. */
    private JsonNode send(String url, String type, byte[] body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (type != null) {
            request.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
