package io.dataraven.secrets.config;

import io.dataraven.secrets.testing.PeerClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import javax.net.ssl.SSLContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production clients keep a connection for the next call, and never write a call into one the server has
 * closed meanwhile: the SDK's url-connection client streams each body with a fixed length, and for such a POST the
 * JDK first checks that a kept connection is still open. That check is what makes keeping idle connections 60 s
 * (the template's {@code -Dhttp.keepAlive.time.server=60}) safe against an endpoint that closes them sooner:
 * the call goes out on a new connection at its first attempt, no retry spent, nothing sent twice.
 * A loopback HTTP/1.1 peer counts connections and requests, and closes or keeps each connection after answering.
 */
class KeptConnectionsTest {

    private Peer peer;

    @AfterEach
    void stop() throws Exception {
        if (peer != null) {
            peer.close();
        }
        PeerClients.forgetKeys();
    }

    @Test
    void anOpenConnectionServesTheNextCalls() throws Exception {
        peer = new Peer(false);
        AtomicInteger attempts = new AtomicInteger();

        try (DynamoDbClient dynamo = clients(attempts).dynamoDb()) {
            for (int i = 0; i < 3; i++) {
                dynamo.getItem(get());
            }
        }

        assertThat(attempts).hasValue(3);
        assertThat(peer.requests).hasValue(3);
        assertThat(peer.connections).as("connections").hasValue(1);
    }

    @Test
    void aConnectionTheServerClosedIsReplacedBeforeTheCallIsWritten() throws Exception {
        peer = new Peer(true);
        AtomicInteger attempts = new AtomicInteger();

        try (DynamoDbClient dynamo = clients(attempts).dynamoDb()) {
            for (int i = 0; i < 3; i++) {
                dynamo.getItem(get());
                // The peer has closed this call's connection (on loopback its FIN is here once close returns)
                // before the next call takes the kept connection.
                Await.atLeast(peer.closed, i + 1);
            }
        }

        // One attempt per call, each on a new connection: had a call been written into the closed connection, it
        // would have failed there and cost a retry (an attempt more, after a backoff).
        assertThat(attempts).hasValue(3);
        assertThat(peer.requests).hasValue(3);
        assertThat(peer.connections).as("connections").hasValue(3);
    }

    @Test
    void overHttpsTheKeptConnectionServesTheNextCallsUntilPrimingClosesItAndForgetsItsSession(@TempDir Path dir)
            throws Exception {
        LocalhostTls tls = LocalhostTls.create(dir);
        peer = new Peer(false, tls.server());
        AtomicInteger attempts = new AtomicInteger();
        AwsClients aws = trusting(tls.trustStore(), () -> clients(attempts));

        try (DynamoDbClient dynamo = aws.dynamoDb()) {
            for (int i = 0; i < 3; i++) {
                dynamo.getItem(get());
            }
            assertThat(peer.connections).as("connections").hasValue(1);
            // The peer's session ticket, read with the first answer, is what a later connection would resume.
            assertThat(Collections.list(aws.tls().getClientSessionContext().getIds())).isNotEmpty();

            // The one connection; the peer's session and any the JDK default context holds in this JVM.
            assertThat(aws.forgetTls()).matches("1 connections closed, [1-9][0-9]* sessions forgotten");
            assertThat(Collections.list(aws.tls().getClientSessionContext().getIds())).isEmpty();
            // The kept connection is gone: the next call opens a new one, at its first attempt.
            dynamo.getItem(get());
        }
        assertThat(attempts).hasValue(4);
        assertThat(peer.connections).as("connections").hasValue(2);
    }

    /** Builds with the JDK's default trust taken from {@code trustStore}, as Lambda's comes from its cacerts. */
    private static AwsClients trusting(Path trustStore, java.util.function.Supplier<AwsClients> build) {
        Map<String, String> properties = Map.of("javax.net.ssl.trustStore", trustStore.toString(),
                "javax.net.ssl.trustStoreType", "PKCS12", "javax.net.ssl.trustStorePassword", LocalhostTls.PASSWORD);
        properties.forEach(System::setProperty);
        try {
            return build.get();
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    private AwsClients clients(AtomicInteger attempts) {
        PeerClients.production(peer.baseUrl()); // sets the dummy keys the default chain finds
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
            }
        };
        return new AwsClients(Settings.from(Map.of("AWS_ENDPOINT_URL", peer.baseUrl(), "AWS_REGION", "us-east-1")),
                List.of(counter));
    }

    // Built the way the adapters build requests (the suite also runs against the shrunk core).
    private static GetItemRequest get() {
        return GetItemRequest.builder().tableName("dataraven-secrets-test")
                .key(Map.of("pk", AttributeValue.builder().s("TEAM#t").build(),
                        "sk", AttributeValue.builder().s("SECRET#s").build())).build();
    }

    /** HTTP/1.1 on loopback: answers every request {@code {}}; closes each connection after one answer, or not. */
    private static final class Peer implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        /** Connections this end has closed (after an answer, or when the client went away). */
        final AtomicInteger closed = new AtomicInteger();
        private final ServerSocket server;
        private final Thread acceptor;

        private final boolean https;

        Peer(boolean closeAfterAnswer) throws IOException {
            this(closeAfterAnswer, null);
        }

        /** @param tls the server's context for https, or null for http */
        Peer(boolean closeAfterAnswer, SSLContext tls) throws IOException {
            https = tls != null;
            server = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                    : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        connections.incrementAndGet();
                        Thread serve = new Thread(() -> serve(socket, closeAfterAnswer));
                        serve.setDaemon(true);
                        serve.start();
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String baseUrl() {
            // https under the certificate's name
            return (https ? "https://localhost:" : "http://127.0.0.1:") + server.getLocalPort();
        }

        private void serve(Socket socket, boolean closeAfterAnswer) {
            try (socket) {
                socket.setTcpNoDelay(true);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                OutputStream out = socket.getOutputStream();
                String line;
                while ((line = in.readLine()) != null) {
                    int length = 0;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring("content-length:".length()).trim());
                        }
                    }
                    for (int i = 0; i < length; i++) {
                        in.read(); // the JSON bodies here are ASCII: one char per byte
                    }
                    requests.incrementAndGet();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
                            + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (closeAfterAnswer) {
                        return; // no "Connection: close": the client keeps the connection, as after an idle close
                    }
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                closed.incrementAndGet();
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5_000);
        }
    }
}
