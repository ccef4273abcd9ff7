package io.callrobot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.web.auth.PasswordHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {

    private static final String HASH = PasswordHash.create("pw".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(config -> List.of(), warning -> { });

    @Test
    void usersComeFromTheFileOrTheEnvironmentAndTheAdminTokenFromItsVariable() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "auth:\n  required: true\n  users:\n    - {name: wang, role: viewer, seesNumbers: true, passwordHash: \""
                + HASH + "\"}\n");
        AuthConfig auth = loader.load(file, Map.of("CALLROBOT_ADMIN_TOKEN", "t0k")).auth();
        assertThat(auth.required()).isTrue();
        assertThat(auth.users()).containsExactly(new AuthConfig.User("wang", HASH, "viewer", true));
        assertThat(auth.adminToken()).isEqualTo("t0k");
        assertThat(loader.toYaml(loader.load(file, Map.of("CALLROBOT_ADMIN_TOKEN", "t0k")))).doesNotContain("t0k");

        AuthConfig fromEnv = loader.load(null, Map.of("CALLROBOT_AUTH_USERS", "li:operator:" + HASH + ",root:admin:" + HASH)).auth();
        assertThat(fromEnv.users()).extracting(AuthConfig.User::name).containsExactly("li", "root");
    }

    @Test
    void aBadUserIsRefusedNamingItsKeyAndTheTokenMayNotBeInTheFile() throws Exception {
        assertThatThrownBy(() -> loader.load(null, Map.of("CALLROBOT_AUTH_USERS", "li:boss:" + HASH + ",li:viewer:plain")))
                .hasMessageContaining("auth.users[0].role: unknown role boss; roles: admin, operator, viewer")
                .hasMessageContaining("auth.users[1].name: li is configured twice")
                .hasMessageContaining("auth.users[1].passwordHash: not a password hash");
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, "auth:\n  adminToken: abc\n");
        assertThatThrownBy(() -> loader.load(file, Map.of())).hasMessageContaining("CALLROBOT_ADMIN_TOKEN");
    }
}
