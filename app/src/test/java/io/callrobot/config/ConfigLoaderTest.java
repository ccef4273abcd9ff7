package io.callrobot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.esl.EslConfig;
import io.callrobot.esl.InboundEslConfig;
import io.callrobot.provider.ProviderRegistries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(ProviderRegistries.standard());

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("callrobot.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void embeddedDefaultsNeedNoFile() {
        CallRobotConfig config = loader.load(null, Map.of());
        assertThat(config).isEqualTo(CallRobotConfig.defaults());
        assertThat(config.esl().port()).isEqualTo(8040);
        assertThat(config.http().port()).isEqualTo(8080);
    }

    @Test
    void fileOverridesOnlyWhatItNames() throws IOException {
        CallRobotConfig config = loader.load(yaml("""
                esl:
                  port: 9040
                  allowFrom: [10.0.0.0/8]
                call:
                  asrFinalWait: 650ms
                tts:
                  provider: http
                """), Map.of());
        assertThat(config.esl().port()).isEqualTo(9040);
        assertThat(config.esl().allowFrom()).containsExactly("10.0.0.0/8");
        assertThat(config.esl().host()).isEqualTo("127.0.0.1");
        assertThat(config.call().asrFinalWait()).isEqualTo(Duration.ofMillis(650));
        assertThat(config.tts().provider()).isEqualTo("http");
        assertThat(config.http()).isEqualTo(HttpConfig.defaults());
    }

    @Test
    void postCallSummariesAreOnUnlessTurnedOffEvenByAnUnquotedYamlOff() throws IOException {
        assertThat(loader.load(null, Map.of()).llm().summaryEnabled()).isTrue();
        assertThat(loader.load(yaml("llm:\n  summary: off\n"), Map.of()).llm().summaryEnabled()).isFalse();
        assertThat(loader.load(null, Map.of("CALLROBOT_LLM_SUMMARY", "off")).llm().summaryEnabled()).isFalse();
        assertThatThrownBy(() -> loader.load(yaml("llm:\n  summary: later\n"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("llm.summary: must be one of [on, off]: later");
    }

    @Test
    void environmentOverridesFileAndDefaults() throws IOException {
        CallRobotConfig config = loader.load(yaml("esl:\n  port: 9040\n"), Map.of(
                "CALLROBOT_ESL_PORT", "9999",
                "CALLROBOT_ESL_ALLOW_FROM", "10.0.0.1, 10.0.0.2",
                "CALLROBOT_CALL_MEDIA_TIMEOUT", "5s",
                "CALLROBOT_CALL_LOG_MASK_NUMBERS", "false",
                "CALLROBOT_LLM_API_KEY", "sk-test"));
        assertThat(config.esl().port()).isEqualTo(9999);
        assertThat(config.esl().allowFrom()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(config.call().mediaTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.callLog().maskNumbers()).isFalse();
        assertThat(config.llm().apiKey()).isEqualTo("sk-test");
    }

    @Test
    void cloudTtsKeysComeFromTheEnvironmentOnlyAndAreMasked() throws IOException {
        assertThatThrownBy(() -> loader.load(yaml("tts:\n  cosyvoice:\n    apiKey: sk-leaked\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tts.cosyvoice.apiKey")
                .hasMessageContaining("CALLROBOT_TTS_COSYVOICE_API_KEY")
                .hasMessageNotContaining("sk-leaked");
        assertThatThrownBy(() -> loader.load(yaml("tts:\n  provider: cosyvoice\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tts.cosyvoice.apiKey: required");
        CallRobotConfig config = loader.load(yaml("tts:\n  provider: cosyvoice\n"), Map.of(
                "CALLROBOT_TTS_COSYVOICE_API_KEY", "sk-cosy", "CALLROBOT_TTS_OPENAI_API_KEY", "sk-openai"));
        assertThat(config.tts().cosyvoice().apiKey()).isEqualTo("sk-cosy");
        assertThat(config.tts().openai().apiKey()).isEqualTo("sk-openai");
        assertThat(loader.toYaml(config)).doesNotContain("sk-cosy").doesNotContain("sk-openai").contains("apiKey: \"***\"");
        assertThat(config.tts().toString()).doesNotContain("sk-cosy").doesNotContain("sk-openai");
    }

    @Test
    void secretsInTheFileAreRefusedAndNeverPrinted() throws IOException {
        assertThatThrownBy(() -> loader.load(yaml("llm:\n  apiKey: sk-leaked\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("llm.apiKey")
                .hasMessageContaining("CALLROBOT_LLM_API_KEY")
                .hasMessageNotContaining("sk-leaked");
        CallRobotConfig config = loader.load(null, Map.of("CALLROBOT_LLM_API_KEY", "sk-secret"));
        assertThat(loader.toYaml(config)).doesNotContain("sk-secret");
    }

    @Test
    void theOpenAiAsrKeyComesFromTheEnvironmentOnly() throws IOException {
        assertThatThrownBy(() -> loader.load(yaml("asr:\n  openai:\n    apiKey: sk-leaked\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("asr.openai.apiKey")
                .hasMessageContaining("CALLROBOT_ASR_OPENAI_API_KEY")
                .hasMessageNotContaining("sk-leaked");
        CallRobotConfig config = loader.load(yaml("asr:\n  provider: openai\n"),
                Map.of("CALLROBOT_ASR_OPENAI_API_KEY", "sk-asr-secret"));
        assertThat(config.asr().provider()).isEqualTo("openai");
        assertThat(config.asr().openai().apiKey()).isEqualTo("sk-asr-secret");
        assertThat(loader.toYaml(config)).doesNotContain("sk-asr-secret").contains("apiKey: \"***\"");
        assertThat(config.asr().openai().toString()).doesNotContain("sk-asr-secret");
        assertThatThrownBy(() -> loader.load(yaml("asr:\n  openai:\n    baseUrl: ftp://x\n"), Map.of()))
                .hasMessageContaining("asr").hasMessageContaining("baseUrl");
    }

    @Test
    void sileroIsTheDefaultVadAndItsGateIsConfigurable() throws IOException {
        assertThat(CallRobotConfig.defaults().vad().engine()).isEqualTo("silero");
        CallRobotConfig config = loader.load(yaml("vad:\n  silero:\n    gateDbfs: -60\n    gateResetMillis: 2000\n"),
                Map.of());
        assertThat(config.vad().silero().gateDbfs()).isEqualTo(-60.0);
        assertThat(config.vad().silero().gateResetMillis()).isEqualTo(2000);
        assertThatThrownBy(() -> loader.load(yaml("vad:\n  silero:\n    gateDbfs: 3\n"), Map.of()))
                .hasMessageContaining("gateDbfs");
    }

    @Test
    void sileroBatchGatherComesFromTheEnvironmentAndStaysWithinOneWindow() throws IOException {
        assertThat(CallRobotConfig.defaults().vad().silero().batchGatherMillis()).isBetween(1, 32);
        CallRobotConfig config = loader.load(null, Map.of("CALLROBOT_VAD_SILERO_BATCH_GATHER_MILLIS", "0"));
        assertThat(config.vad().silero().batchGatherMillis()).isZero();
        for (String bad : new String[] {"-1", "33"}) {
            assertThatThrownBy(() -> loader.load(yaml("vad:\n  silero:\n    batchGatherMillis: " + bad + "\n"), Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("vad.silero.batchGatherMillis").hasMessageContaining(bad);
        }
    }

    @Test
    void answeringMachineDetectionIsConfiguredAndChecked() throws IOException {
        CallRobotConfig config = loader.load(yaml("amd:\n  windowMillis: 4000\n  longSpeechMillis: 3000\n"), Map.of());
        assertThat(config.amd().detector().windowMillis()).isEqualTo(4000);
        assertThat(config.amd().detector().longSpeechMillis()).isEqualTo(3000);
        assertThat(config.amd().enabled()).isTrue();
        assertThatThrownBy(() -> loader.load(yaml("amd:\n  longSpeechMillis: 1500\n"), Map.of()))
                .hasMessageContaining("amd: maxGreetingMillis (2000) must be shorter than longSpeechMillis (1500)");
        assertThatThrownBy(() -> loader.load(yaml("amd:\n  phrasesFile: /nonexistent/phrases.yaml\n"), Map.of()))
                .hasMessageContaining("amd.phrasesFile: cannot read /nonexistent/phrases.yaml");
        Path bad = Files.createTempFile("phrases", ".yaml");
        Files.writeString(bad, "phrases:\n  zh-CN:\n    human: [喂]\n");
        assertThatThrownBy(() -> loader.load(yaml("amd:\n  phrasesFile: " + bad + "\n"), Map.of()))
                .hasMessageContaining("amd.phrasesFile: " + bad + ": phrases.zh-CN.human");
    }

    @Test
    void errorsNameTheKeyAndTheProblem() throws IOException {
        assertThatThrownBy(() -> loader.load(yaml("esl:\n  prot: 1\n"), Map.of()))
                .hasMessageContaining("esl.prot: unknown key");
        assertThatThrownBy(() -> loader.load(yaml("esl:\n  port: 70000\n"), Map.of()))
                .hasMessageContaining("esl").hasMessageContaining("70000");
        assertThatThrownBy(() -> loader.load(yaml("call:\n  asrFinalWait: soon\n"), Map.of()))
                .hasMessageContaining("call.asrFinalWait").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> loader.load(yaml("tts:\n  provider: polly\n"), Map.of()))
                .hasMessageContaining("tts.provider").hasMessageContaining("polly");
        assertThatThrownBy(() -> loader.load(null, Map.of("CALLROBOT_ESL_PORT", "eighty")))
                .hasMessageContaining("esl.port").hasMessageContaining("CALLROBOT_ESL_PORT");
        assertThatThrownBy(() -> loader.load(yaml("- just\n- a list\n"), Map.of()))
                .hasMessageContaining("top level must be a mapping");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml"), Map.of()))
                .hasMessageContaining("missing.yaml").hasMessageContaining("cannot read");
    }

    @Test
    void turnEndIsReadCaseInsensitivelyFromFileAndEnvironment() throws IOException {
        assertThat(CallRobotConfig.defaults().call().turnEnd()).isEqualTo(CallConfig.TurnEnd.EITHER);
        assertThat(loader.load(yaml("call:\n  turnEnd: both\n"), Map.of()).call().turnEnd())
                .isEqualTo(CallConfig.TurnEnd.BOTH);
        assertThat(loader.load(null, Map.of("CALLROBOT_CALL_TURN_END", "Both")).call().turnEnd())
                .isEqualTo(CallConfig.TurnEnd.BOTH);
        assertThat(loader.toYaml(CallRobotConfig.defaults())).contains("turnEnd: \"either\"");
    }

    @Test
    void aBadTurnEndNamesTheKeyAndTheAllowedValues() throws IOException {
        assertThatThrownBy(() -> loader.load(yaml("call:\n  turnEnd: all\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("call.turnEnd: 'all' is not one of [either, both]");
        assertThatThrownBy(() -> loader.load(null, Map.of("CALLROBOT_CALL_TURN_END", "neither")))
                .hasMessageContaining("call.turnEnd: 'neither' is not one of [either, both]");
        assertThatThrownBy(() -> loader.load(yaml("call:\n  turnEnd:\n"), Map.of()))
                .hasMessageContaining("call.turnEnd: '' is not one of [either, both]");
    }

    @Test
    void aValueARecordRefusesIsReportedUnderItsOwnKey() throws IOException {
        assertThatThrownBy(() -> loader.load(yaml("esl:\n  port: -1\n"), Map.of()))
                .hasMessageContaining("esl.port: out of range: -1").hasMessageNotContaining("Cannot construct");
        assertThatThrownBy(() -> loader.load(null, Map.of("CALLROBOT_ESL_PORT", "70000")))
                .hasMessageContaining("esl.port: out of range: 70000");
        assertThatThrownBy(() -> loader.load(yaml("http:\n  maxConnections: 0\n"), Map.of()))
                .hasMessageContaining("http.maxConnections: must be at least 1");
        assertThatThrownBy(() -> loader.load(yaml("tts:\n  cosyvoice:\n    volume: 500\n"), Map.of()))
                .hasMessageContaining("tts.cosyvoice.volume: ").hasMessageContaining("500");
    }

    @Test
    void aValueOfTheWrongTypeIsReportedWithWhatWasExpected() throws IOException {
        assertThatThrownBy(() -> loader.load(yaml("esl:\n  port: abc\n"), Map.of()))
                .hasMessageContaining("esl.port: expected a whole number, got \"abc\"")
                .hasMessageNotContaining("Cannot deserialize");
        assertThatThrownBy(() -> loader.load(yaml("call:\n  maxCalls: 1.5\n"), Map.of()))
                .hasMessageContaining("call.maxCalls: expected a whole number, got 1.5");
        assertThatThrownBy(() -> loader.load(yaml("esl:\n  allowFrom: [10.0.0.1, [2]]\n"), Map.of()))
                .hasMessageContaining("esl.allowFrom[1]: expected text, got [2]");
    }

    @Test
    void aKeyGivenTwiceIsRefusedByName() throws IOException {
        assertThatThrownBy(() -> loader.load(yaml("esl:\n  port: 9040\n  port: 9041\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("esl.port: given twice (line 3)");
        assertThatThrownBy(() -> loader.load(yaml("esl:\n  port: 9040\nhttp:\n  port: 9\nesl:\n  host: x\n"), Map.of()))
                .hasMessageContaining("esl: given twice (line 5)");
    }

    @Test
    void anUnknownCallrobotVariableIsWarnedAboutWithTheClosestKey() {
        List<String> warnings = new ArrayList<>();
        CallRobotConfig config = new ConfigLoader(ProviderRegistries.standard(), warnings::add).load(null, Map.of(
                "CALLROBOT_ESL_PROT", "9999",
                "CALLROBOT_CALL_MAXCALLS", "3",
                "CALLROBOT_HTTP_PORT", "9090",
                "CALLROBOT_LLM_API_KEY", "sk-test",
                "CALLROBOT_LOG_LEVEL", "DEBUG",
                "HOME", "/root"));
        assertThat(config.esl().port()).isEqualTo(8040);
        assertThat(config.http().port()).isEqualTo(9090);
        assertThat(warnings).containsExactly(
                "CALLROBOT_CALL_MAXCALLS is not a configuration variable and is ignored;"
                        + " closest: CALLROBOT_CALL_MAX_CALLS (call.maxCalls)",
                "CALLROBOT_ESL_PROT is not a configuration variable and is ignored;"
                        + " closest: CALLROBOT_ESL_PORT (esl.port)");
    }

    @Test
    void editDistanceCountsSingleCharacterEdits() {
        assertThat(UnknownVariables.distance("PORT", "PORT")).isZero();
        assertThat(UnknownVariables.distance("PROT", "PORT")).isEqualTo(2);
        assertThat(UnknownVariables.distance("MAXCALLS", "MAX_CALLS")).isEqualTo(1);
        assertThat(UnknownVariables.distance("", "ABC")).isEqualTo(3);
    }

    @Test
    void reportsEveryProblemAtOnce() throws IOException {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() ->
                loader.load(yaml("esl:\n  prot: 1\nhttp:\n  hots: x\n"), Map.of()));
        assertThat(e.problems()).hasSize(2);
    }

    @Test
    void theStoreIsEmbeddedByDefaultAndPostgresqlByUrlWithThePasswordFromTheEnvironment() throws IOException {
        assertThat(CallRobotConfig.defaults().store().embedded()).isTrue();
        assertThat(CallRobotConfig.defaults().store().dataDir()).isEqualTo("data");
        CallRobotConfig config = loader.load(yaml("store:\n  url: jdbc:postgresql://db.local:5432/callrobot\n"
                + "  user: robot\n  poolSize: 4\n"), Map.of("CALLROBOT_STORE_PASSWORD", "pg-secret"));
        assertThat(config.store().embedded()).isFalse();
        assertThat(config.store().user()).isEqualTo("robot");
        assertThat(config.store().password()).isEqualTo("pg-secret");
        assertThat(config.store().poolSize()).isEqualTo(4);
        assertThat(loader.toYaml(config)).doesNotContain("pg-secret");
        assertThat(config.store().toString()).doesNotContain("pg-secret");
        assertThat(loader.load(null, Map.of("CALLROBOT_STORE_DATA_DIR", "/var/lib/callrobot")).store().dataDir())
                .isEqualTo("/var/lib/callrobot");

        assertThatThrownBy(() -> loader.load(yaml("store:\n  password: leaked\n"), Map.of()))
                .hasMessageContaining("store.password").hasMessageContaining("CALLROBOT_STORE_PASSWORD")
                .hasMessageNotContaining("leaked");
        assertThatThrownBy(() -> loader.load(yaml("store:\n  url: mysql://db.local/callrobot\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.url: is not a PostgreSQL or H2 JDBC URL: 'mysql://db.local/callrobot'");
        assertThatThrownBy(() -> loader.load(null, Map.of("CALLROBOT_STORE_URL", "jdbc:postgresql://db:port/x")))
                .hasMessageContaining("store.url: is not a valid PostgreSQL JDBC URL");
        assertThatThrownBy(() -> loader.load(yaml("store:\n  poolSize: 0\n"), Map.of()))
                .hasMessageContaining("store.poolSize: must be at least 1, not 0");
    }

    @Test
    void recordingIsReadAndCheckedKeyByKey() throws IOException {
        CallRobotConfig config = loader.load(yaml("recording:\n  enabled: true\n  dir: /var/rec\n  format: wav\n"
                + "  retentionDays: 30\n"), Map.of());
        assertThat(config.recording()).isEqualTo(new io.callrobot.recording.RecordingConfig(true, "/var/rec", "wav", 30));
        assertThat(loader.load(null, Map.of()).recording())
                .isEqualTo(new io.callrobot.recording.RecordingConfig(false, "data/recordings", "opus", 0));
        assertThatThrownBy(() -> loader.load(yaml("recording:\n  format: mp3\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("recording.format: must be one of [opus, wav], not 'mp3'");
        assertThatThrownBy(() -> loader.load(null, Map.of("CALLROBOT_RECORDING_RETENTION_DAYS", "-1")))
                .hasMessageContaining("recording.retentionDays: must be 0 (keep forever) or more, not -1");
        assertThatThrownBy(() -> loader.load(yaml("recording:\n  dir: \"\"\n"), Map.of()))
                .hasMessageContaining("recording.dir: must name a directory");
        assertThatThrownBy(() -> loader.load(yaml("recording:\n  keep: 3\n"), Map.of()))
                .hasMessageContaining("recording.keep: unknown key");
    }

    @Test
    void aNegativeShortSoundIsRefused() {
        assertThatThrownBy(() -> loader.load(yaml("call:\n  bargeIn:\n    shortSoundResume: \"-150ms\"\n"), Map.of()))
                .hasMessageContaining("call.bargeIn.shortSound");
    }

    @Test
    void theInboundEventSocketIsConfiguredLikeEveryOtherKeyAndItsPasswordOnlyFromTheEnvironment() throws IOException {
        CallRobotConfig config = loader.load(yaml("esl:\n  inbound:\n    host: 10.0.0.8\n    backoffMax: 1m\n"),
                Map.of("CALLROBOT_ESL_INBOUND_PORT", "8022", "CALLROBOT_ESL_INBOUND_PASSWORD", "fs-secret"));
        assertThat(config.esl().inbound().host()).isEqualTo("10.0.0.8");
        assertThat(config.esl().inbound().port()).isEqualTo(8022);
        assertThat(config.esl().inbound().backoffMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.esl().inbound().password()).isEqualTo("fs-secret");
        assertThat(loader.toYaml(config)).doesNotContain("fs-secret");
        assertThat(config.esl().inbound().toString()).doesNotContain("fs-secret");
        assertThat(CallRobotConfig.defaults().esl().inbound().password()).isEqualTo("ClueCon");
        assertThatThrownBy(() -> loader.load(yaml("esl:\n  inbound:\n    password: leaked\n"), Map.of()))
                .hasMessageContaining("esl.inbound.password").hasMessageContaining("CALLROBOT_ESL_INBOUND_PASSWORD")
                .hasMessageNotContaining("leaked");
        assertThatThrownBy(() -> loader.load(yaml("esl:\n  inbound:\n    backoffMin: 10s\n    backoffMax: 1s\n"), Map.of()))
                .hasMessageContaining("esl.inbound").hasMessageContaining("backoffMax");
    }

    @Test
    void theSocketAddressForOriginatedCallsNeedsARealHost() {
        EslConfig esl = EslConfig.defaults();
        assertThat(esl.socketAddress(18040)).isEqualTo("127.0.0.1:18040");
        EslConfig wildcard = new EslConfig("0.0.0.0", 8040, esl.allowFrom(), esl.maxHeaderBytes(), esl.maxBodyBytes(),
                esl.commandTimeout(), esl.connectTimeout(), esl.inbound());
        assertThatThrownBy(() -> wildcard.socketAddress(8040)).hasMessageContaining("esl.inbound.socketHost");
        EslConfig advertised = wildcard.withInbound(new InboundEslConfig("127.0.0.1", 8021, "ClueCon", "10.1.2.3",
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(30)));
        assertThat(advertised.socketAddress(8040)).isEqualTo("10.1.2.3:8040");
    }

    @Test
    void theExampleFileLoadsAndMatchesTheDefaults() {
        Path example = Path.of("..", "callrobot.example.yaml");
        assertThat(loader.load(example, Map.of())).isEqualTo(CallRobotConfig.defaults());
    }

    @Test
    void nlsProvidersNeedAnAppkeyAndATokenFromTheEnvironmentOnly() throws IOException {
        assertThatThrownBy(() -> loader.load(yaml("nls:\n  token: leaked\n"), Map.of()))
                .hasMessageContaining("nls.token").hasMessageContaining("CALLROBOT_NLS_TOKEN")
                .hasMessageNotContaining("leaked");
        assertThatThrownBy(() -> loader.load(yaml("asr:\n  provider: nls\n"), Map.of()))
                .hasMessageContaining("nls.appKey").hasMessageContaining("CALLROBOT_NLS_TOKEN");
        CallRobotConfig config = loader.load(yaml("tts:\n  provider: nls\nasr:\n  provider: nls\nnls:\n  appKey: app-1\n"),
                Map.of("CALLROBOT_NLS_TOKEN", "nls-secret", "CALLROBOT_TTS_NLS_VOICE", "aixia"));
        assertThat(config.nls().token()).isEqualTo("nls-secret");
        assertThat(config.tts().nls().voice()).isEqualTo("aixia");
        assertThat(loader.toYaml(config)).doesNotContain("nls-secret");
        assertThat(config.nls().toString()).doesNotContain("nls-secret");
    }

    @Test
    void anNlsAccessKeyFromTheEnvironmentStandsInForTheToken() throws IOException {
        assertThatThrownBy(() -> loader.load(yaml("nls:\n  accessKeySecret: leaked\n"), Map.of()))
                .hasMessageContaining("CALLROBOT_NLS_ACCESS_KEY_SECRET").hasMessageNotContaining("leaked");
        assertThatThrownBy(() -> loader.load(yaml("asr:\n  provider: nls\nnls:\n  appKey: app-1\n"),
                Map.of("CALLROBOT_NLS_ACCESS_KEY_ID", "ak-id")))
                .hasMessageContaining("CALLROBOT_NLS_ACCESS_KEY_SECRET");
        CallRobotConfig config = loader.load(yaml("asr:\n  provider: nls\nnls:\n  appKey: app-1\n"),
                Map.of("CALLROBOT_NLS_ACCESS_KEY_ID", "ak-id", "CALLROBOT_NLS_ACCESS_KEY_SECRET", "ak-secret"));
        assertThat(config.nls().hasAccessKey()).isTrue();
        assertThat(config.nls().tokenUrl()).isEqualTo("https://nls-meta.cn-shanghai.aliyuncs.com/");
        assertThat(loader.toYaml(config)).doesNotContain("ak-id").doesNotContain("ak-secret");
        assertThat(config.nls().toString()).doesNotContain("ak-id").doesNotContain("ak-secret");
    }

    @Test
    void envNamesFollowTheKeyPath() {
        assertThat(ConfigLoader.envName("llm.apiKey")).isEqualTo("CALLROBOT_LLM_API_KEY");
        assertThat(ConfigLoader.envName("call.maxCalls")).isEqualTo("CALLROBOT_CALL_MAX_CALLS");
    }
}
