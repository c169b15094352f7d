package io.dataraven.secrets.config;

import io.dataraven.secrets.common.OutboundHttp;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Priming's loopback stand-in, as {@link OutboundHttp} (what our vault clients and provider checks use) meets it. */
class LoopbackVaultTest {

    private final OutboundHttp http = new OutboundHttp(Duration.ofSeconds(30), Duration.ofSeconds(30));

    @Test
    void overHttpEveryRequestGetsTheSmallJsonSuccess() throws Exception {
        try (LoopbackVault vault = new LoopbackVault()) {
            OutboundHttp.Answer answer = http.send(OutboundHttp.Request.post(URI.create(vault.url() + "/v1/x"),
                    "{\"a\":1}".getBytes(StandardCharsets.UTF_8)).header("Content-Type", "application/json"), 4096);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"success\":true");
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
            OutboundHttp.Failure failure = catchThrowableOfType(() -> http.send(OutboundHttp.Request.get(
                    URI.create(vault.tlsUrl() + "/v1/x")), 4096), OutboundHttp.Failure.class);
            assertThat(failure.kind()).isEqualTo(OutboundHttp.Failure.Kind.UNREACHABLE);
            assertThat(failure.getCause()).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("handshake_failure");
            // and the stand-in goes on answering the next client
            assertThat(http.send(OutboundHttp.Request.get(URI.create(vault.url())), 4096).status()).isEqualTo(200);
        }
    }
}
