package io.callrobot.net.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wss://}: TLS with the server's certificate checked as for HTTPS, then the websocket handshake. */
class WsClientTlsTest {

    private static final char[] PASSWORD = "test-only".toCharArray();
    private static KeyStore keys;

    /** A certificate for 127.0.0.1 made by the JDK's keytool, trusted only by the client that is told to. */
    @BeforeAll
    static void makeCertificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(out).isZero();
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
    }

    private static MockWebServer tlsServer() throws Exception {
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(km.getKeyManagers(), null, null);
        MockWebServer server = new MockWebServer();
        server.useHttps(tls.getSocketFactory(), false); // false: no proxy tunnel
        return server;
    }

    @Test
    void aRefusedHandshakeOverTlsIsAFailureNamingTheStatus() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        try (MockWebServer server = tlsServer();
             WsClient client = new WsClient("test-wss", 1, Duration.ofSeconds(5), Duration.ofSeconds(1), 8 * 1024,
                     SslContextBuilder.forClient().trustManager(trust).endpointIdentificationAlgorithm("HTTPS").build())) {
            server.enqueue(new MockResponse().setResponseCode(401).setBody("token expired"));
            server.start();
            Failures failures = new Failures();
            client.connect(URI.create("wss://127.0.0.1:" + server.getPort() + "/asr"), "binary", Duration.ofSeconds(5),
                    failures);

            Throwable failure = failures.next();
            assertThat(failure).isInstanceOf(WsHandshakeException.class).hasMessageContaining("HTTP 401");
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("Upgrade")).isEqualTo("websocket");
        }
    }

    @Test
    void aServerCertificateTheClientDoesNotTrustIsAFailure() throws Exception {
        try (MockWebServer server = tlsServer(); WsClient client = WsClient.forAudio("test-wss-untrusted", 1)) {
            server.start();
            Failures failures = new Failures();
            client.connect(URI.create("wss://127.0.0.1:" + server.getPort() + "/"), "binary", Duration.ofSeconds(5),
                    failures);
            assertThat(failures.next()).hasStackTraceContaining("SSLHandshakeException");
        }
    }

    /** Keeps the one terminal failure. */
    private static final class Failures implements WsListener {
        private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

        @Override
        public void onText(WsConnection connection, String text) {
        }

        @Override
        public void onClosed(WsConnection connection, int code, String reason) {
            failures.add(new AssertionError("closed: " + code + " " + reason));
        }

        @Override
        public void onFailure(WsConnection connection, Throwable cause) {
            failures.add(cause);
        }

        Throwable next() throws InterruptedException {
            Throwable failure = failures.poll(10, TimeUnit.SECONDS);
            assertThat(failure).as("a failure within 10 s").isNotNull();
            return failure;
        }
    }
}
