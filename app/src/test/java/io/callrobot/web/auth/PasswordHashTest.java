package io.callrobot.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void derivationMatchesThePublishedVector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, dkLen=64)
        byte[] derived = PasswordHash.derive("passwd".toCharArray(), "salt".getBytes(StandardCharsets.US_ASCII), 1, 64);
        assertThat(HexFormat.of().formatHex(derived)).isEqualTo("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    }

    @Test
    void aHashWrittenAndReadBackMatchesItsPasswordOnly() {
        PasswordHash hash = PasswordHash.create("密码 secret".toCharArray(), PasswordHash.MIN_ITERATIONS);
        String line = hash.toString();
        assertThat(line).matches("pbkdf2-sha256\\$210000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
        PasswordHash read = PasswordHash.parse(line);
        assertThat(read.matches("密码 secret".toCharArray())).isTrue();
        assertThat(read.matches("密码 secreT".toCharArray())).isFalse();
        assertThat(read.matches(new char[0])).isFalse();
        assertThat(PasswordHash.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(600_000);
    }

    @Test
    void malformedHashesAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> PasswordHash.parse("secret")).hasMessageContaining("callrobot passwd");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$1000$c2FsdHNhbHQ=$" + "A".repeat(44)))
                .hasMessage("password hash iterations must be at least 210000, not 1000");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$x$c2FsdA==$c2FsdA=="))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$300000$!!$c2FsdA==")).hasMessageContaining("base64");
        assertThatThrownBy(() -> PasswordHash.create(new char[0], PasswordHash.MIN_ITERATIONS)).hasMessage("the password is empty");
    }
}
