package io.dataraven.secrets.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stub's https fronts: one port per host, a certificate only the benchmark's trust store accepts, dropped
 * connections at the snapshot point. */
class StubTlsTest {

    @Test
    void everyHostHasItsOwnHttpsPortThatTheBenchmarksTrustStoreAccepts(@TempDir Path work) throws Exception {
        StubTls tls = new StubTls(work);
        try (Stub stub = new Stub("{\"keys\":[]}", tls)) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
            Set<Integer> ports = new HashSet<>();
            for (String host : Stub.HOSTS) {
                URI uri = URI.create(stub.https(host) + "/jwks.json");
                assertThat(uri.getScheme()).isEqualTo("https");
                assertThat(uri.getHost()).isEqualTo("localhost");
                ports.add(uri.getPort());
                HttpResponse<String> answer = trusting.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.body()).isEqualTo("{\"keys\":[]}");
            }
            assertThat(ports).hasSize(Stub.HOSTS.size());
            assertThat(tls.clientFlags()).anyMatch(f -> f.startsWith("-Djavax.net.ssl.trustStore="));
            // The JDK's own trust store does not know the benchmark's CA: a function trusts it only by the flags.
            HttpClient plain = HttpClient.newHttpClient();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(stub.https("ssm") + "/jwks.json"))
                    .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void droppingConnectionsClosesAKeptAliveOneAndTheSamePortAnswersAgain(@TempDir Path work) throws Exception {
        StubTls tls = new StubTls(work);
        try (Stub stub = new Stub("{\"keys\":[]}", tls)) {
            URI uri = URI.create(stub.https("dynamodb"));
            try (SSLSocket socket = (SSLSocket) tls.clientContext().getSocketFactory()
                    .createSocket("localhost", uri.getPort())) {
                OutputStream out = socket.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                String request = "GET /jwks.json HTTP/1.1\r\nHost: localhost\r\n\r\n";
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                skipResponse(in);

                stub.dropConnections();

                // The kept-alive connection is gone: the next read ends (or fails), it gets no answer.
                String next;
                try {
                    out.write(request.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    next = in.readLine();
                } catch (java.io.IOException closed) {
                    next = null;
                }
                assertThat(next).isNull();
            }
            HttpsURLConnection again = (HttpsURLConnection) URI.create(uri + "/jwks.json").toURL().openConnection();
            again.setSSLSocketFactory(tls.clientContext().getSocketFactory());
            assertThat(again.getResponseCode()).isEqualTo(200);
            assertThat(stub.https("dynamodb")).isEqualTo(uri.toString());
        }
    }

    private static void skipResponse(BufferedReader in) throws java.io.IOException {
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        for (int i = 0; i < length; i++) {
            in.read();
        }
    }
}
