package io.dataraven.secrets.config;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Priming's loopback stand-in, as the JDK HttpClient (the one our vault clients and provider checks use) meets it. */
class LoopbackVaultTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @Test
    void overHttpEveryRequestGetsTheSmallJsonSuccess() throws Exception {
        try (LoopbackVault vault = new LoopbackVault()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(vault.url() + "/v1/x"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"success\":true");
        }
    }

    /**
     * A ClientHello is answered with a fatal handshake_failure alert: without it the stand-in would wait for the end
     * of HTTP headers that never come and drop the connection after its read timeout ("Remote host terminated").
     */
    @Test
    void overHttpsTheHandshakeFailsOnTheStandInsAlert() throws Exception {
        try (LoopbackVault vault = new LoopbackVault()) {
            assertThat(vault.tlsUrl()).startsWith("https://localhost:");
            HttpRequest request = HttpRequest.newBuilder(URI.create(vault.tlsUrl() + "/v1/x"))
                    .timeout(Duration.ofSeconds(30)).GET().build();
            assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("handshake_failure");
            // and the stand-in goes on answering the next client
            assertThat(client.send(HttpRequest.newBuilder(URI.create(vault.url())).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }
}
