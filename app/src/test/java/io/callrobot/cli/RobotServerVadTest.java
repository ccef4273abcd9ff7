package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigException;
import io.callrobot.config.ConfigLoader;
import io.callrobot.provider.InstalledFiles;
import io.callrobot.provider.ProviderRegistries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Silero model is found from any working directory, and a bad one stops start-up with the key to fix. */
class RobotServerVadTest {

    @Test
    void theDefaultModelIsFoundOutsideTheRepositoryRoot() {
        // tests run in app/, where models/ does not exist: the installation directory is used
        assertThat(Path.of("models/silero_vad_v5.onnx")).doesNotExist();
        Path found = InstalledFiles.find(CallRobotConfig.defaults().vad().silero().modelPath());
        assertThat(found).isRegularFile().endsWith(Path.of("models", "silero_vad_v5.onnx"));
    }

    @Test
    void theDefaultConfigurationStartsWithSilero() throws Exception {
        CallRobotConfig config = config(Map.of());
        assertThat(config.vad().engine()).isEqualTo("silero");
        try (RobotServer server = new RobotServer(config, r -> { })) {
            assertThat(server.metrics().scrape()).contains("callrobot");
        }
    }

    @Test
    void aMissingModelNamesTheKey(@TempDir Path dir) {
        Path missing = dir.resolve("gone.onnx");
        assertThatThrownBy(() -> new RobotServer(config(Map.of("CALLROBOT_VAD_SILERO_MODEL_PATH", missing.toString())),
                r -> { }))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vad.silero.modelPath")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found");
    }

    @Test
    void aCorruptModelNamesTheKey(@TempDir Path dir) throws Exception {
        Path corrupt = dir.resolve("silero_vad_v5.onnx");
        Files.write(corrupt, new byte[] {'n', 'o', 't', ' ', 'a', 'n', ' ', 'o', 'n', 'n', 'x'});
        assertThatThrownBy(() -> new RobotServer(config(Map.of("CALLROBOT_VAD_SILERO_MODEL_PATH", corrupt.toString())),
                r -> { }))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vad.silero.modelPath")
                .hasMessageContaining(corrupt.toString());
    }

    private static CallRobotConfig config(Map<String, String> overrides) {
        int ports = 30000 + 2 * ThreadLocalRandom.current().nextInt(0, 14000);
        Map<String, String> env = new HashMap<>(Map.of(
                "CALLROBOT_ESL_PORT", "0",
                "CALLROBOT_HTTP_PORT", "0",
                "CALLROBOT_MEDIA_PORT_MIN", Integer.toString(ports),
                "CALLROBOT_MEDIA_PORT_MAX", Integer.toString(ports + 19),
                "CALLROBOT_CALL_MAX_CALLS", "10",
                "CALLROBOT_CALL_LOG_PATH", "",
                "CALLROBOT_STORE_URL", "jdbc:h2:mem:vad-" + UUID.randomUUID()));
        env.putAll(overrides);
        return new ConfigLoader(ProviderRegistries.standard()).load(null, env);
    }
}
