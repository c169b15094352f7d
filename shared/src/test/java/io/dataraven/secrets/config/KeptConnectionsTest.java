package io.dataraven.secrets.config;

import io.dataraven.secrets.testing.PeerClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
                Thread.sleep(50);
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
                // The server's close reaches this end before the next call takes the kept connection.
                Thread.sleep(100);
            }
        }

        // One attempt per call, each on a new connection: had a call been written into the closed connection, it
        // would have failed there and cost a retry (an attempt more, after a backoff).
        assertThat(attempts).hasValue(3);
        assertThat(peer.requests).hasValue(3);
        assertThat(peer.connections).as("connections").hasValue(3);
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
        private final ServerSocket server;
        private final Thread acceptor;

        Peer(boolean closeAfterAnswer) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
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
            return "http://127.0.0.1:" + server.getLocalPort();
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
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5_000);
        }
    }
}
