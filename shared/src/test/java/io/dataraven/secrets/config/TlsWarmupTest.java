package io.dataraven.secrets.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Priming's TLS handshakes against a loopback TLS server with a certificate for localhost made by keytool. */
class TlsWarmupTest {

    @TempDir
    Path dir;
    private SSLServerSocket server;
    private Thread acceptor;
    private SSLContext trusting;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger requestBytes = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        LocalhostTls tls = LocalhostTls.create(dir);
        trusting = tls.client();
        SSLContext serverContext = tls.server();

        server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    accepted.incrementAndGet();
                    socket.setSoTimeout(2_000);
                    socket.startHandshake();
                    completed.incrementAndGet();
                    // Anything the client sends after the handshake would be a request: count it until it closes.
                    while (socket.getInputStream().read() >= 0) {
                        requestBytes.incrementAndGet();
                    }
                } catch (IOException e) {
                    // a failed handshake or the client's close: the counters say what happened
                }
            }
        }, "tls-warmup-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        acceptor.join(5_000);
    }

    private URI endpoint(String scheme) {
        return URI.create(scheme + "://localhost:" + server.getLocalPort());
    }

    @Test
    void makesTheFullHandshakesItIsAskedForAndSendsNoRequest() throws Exception {
        int done = new TlsWarmup(endpoint("https"), trusting, Duration.ofSeconds(2)).handshakes(5, Duration.ofSeconds(30));

        assertThat(done).isEqualTo(5);
        Await.atLeast(completed, 5);
        assertThat(accepted).hasValue(5);
        assertThat(requestBytes).hasValue(0);
    }

    @Test
    void stopsAtItsBudget() {
        int done = new TlsWarmup(endpoint("https"), trusting, Duration.ofSeconds(2)).handshakes(1_000, Duration.ZERO);

        assertThat(done).isZero();
        assertThat(accepted).hasValue(0);
    }

    @Test
    void anHttpEndpointHasNoHandshakeAndIsNotContacted() {
        int done = new TlsWarmup(endpoint("http"), trusting, Duration.ofSeconds(2)).handshakes(5, Duration.ofSeconds(30));

        assertThat(done).isZero();
        assertThat(accepted).hasValue(0);
    }

    @Test
    void anUntrustedCertificateStopsAtTheFirstFailureWithoutThrowing() throws Exception {
        // The JDK's default trust does not know the test's self-signed certificate.
        int done = new TlsWarmup(endpoint("https"), TlsWarmup.defaultTrust(), Duration.ofSeconds(2))
                .handshakes(5, Duration.ofSeconds(30));

        assertThat(done).isZero();
        assertThat(completed).hasValue(0);
        Await.atLeast(accepted, 1);
        assertThat(accepted).hasValue(1);
    }

    @Test
    void aClosedPortEndsTheWarmupWithNone() throws Exception {
        // A port bound and closed with no thread in accept(): closing the test server instead left a window where
        // its acceptor, still inside accept() until its signal lands, took the connection and completed a handshake.
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("https://localhost:" + port);

        assertThat(new TlsWarmup(closed, trusting, Duration.ofSeconds(1)).handshakes(5, Duration.ofSeconds(30)))
                .isZero();
    }

    @Test
    void theEndpointIsTheClientsOverrideOrTheRegionalOne() {
        URI override = URI.create("https://localhost:4566");

        assertThat(TlsWarmup.dynamoDbEndpoint(override, "eu-west-1")).isEqualTo(override);
        assertThat(TlsWarmup.dynamoDbEndpoint(null, "eu-west-1"))
                .isEqualTo(URI.create("https://dynamodb.eu-west-1.amazonaws.com"));
        assertThat(TlsWarmup.dynamoDbEndpoint(null, "cn-north-1"))
                .isEqualTo(URI.create("https://dynamodb.cn-north-1.amazonaws.com.cn"));
    }

}
