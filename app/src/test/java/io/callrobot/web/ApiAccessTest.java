package io.callrobot.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiAccessTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress LAN = new InetSocketAddress("10.1.2.3", 50000);

    @Test
    void withoutATokenOnlyLoopbackClientsAreServed() {
        ApiAccess access = new ApiAccess(Optional.of(""));
        assertThatCode(() -> access.check(null, LOOPBACK)).doesNotThrowAnyException();
        assertThatCode(() -> access.check(null, new InetSocketAddress("::1", 1))).doesNotThrowAnyException();
        assertThatThrownBy(() -> access.check(null, LAN)).isInstanceOfSatisfying(ApiException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void withATokenAnyAddressWithTheRightBearerIsServedAndNoOtherIs() {
        ApiAccess access = new ApiAccess(Optional.of("tok"));
        assertThatCode(() -> access.check("Bearer tok", LAN)).doesNotThrowAnyException();
        assertThatThrownBy(() -> access.check("Basic tok", LAN)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> access.check("Bearer tok2", LOOPBACK)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> access.check(null, LOOPBACK)).isInstanceOfSatisfying(ApiException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(401));
    }
}
