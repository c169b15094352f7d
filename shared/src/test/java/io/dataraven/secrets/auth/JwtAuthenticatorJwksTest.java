package io.dataraven.secrets.auth;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.testing.Failures;
import io.dataraven.secrets.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production key source (a JWKS URL, nimbus' cached, rate-limited source) against a real HTTP peer: when the
 * JWKS cannot be had the answer is a retryable 503, while a key id the JWKS lacks stays the caller's 401.
 */
class JwtAuthenticatorJwksTest {

    private static final String JWKS_PATH = "/.well-known/jwks.json";
    /** Generous for a reachable peer (a cold WireMock can take most of a second), beyond the one that stalls. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** More calls than nimbus' rate limit lets fetch (two in 30 s): the later ones meet RateLimitReachedException. */
    private static final int CALLS = 4;

    /** Started once, its stubs and request log reset before each test. */
    @RegisterExtension
    static final WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(options().bindAddress("127.0.0.1").dynamicPort()).build();

    private final TestTokens tokens = new TestTokens();

    private static String jwksUrl() {
        return wireMock.baseUrl() + JWKS_PATH;
    }

    private static JwtAuthenticator authenticator(String url, Duration timeout) {
        return JwtAuthenticator.fromJwksUrl(url, TestTokens.ISSUER, TestTokens.AUDIENCE, timeout);
    }

    private String validToken() {
        return tokens.token("u", Map.of(), c -> { });
    }

    private void assertKeysUnavailable(JwtAuthenticator authenticator, String token) {
        for (int call = 1; call <= CALLS; call++) {
            ApiException e = Failures.http(() -> authenticator.authenticate(token));
            assertThat(e.status()).as("call %d", call).isEqualTo(503);
            assertThat(e.code()).isEqualTo("auth_unavailable");
            assertThat(e.headers()).containsKey("Retry-After");
            assertThat(e.getMessage()).doesNotContain(token);
        }
    }

    @Test
    void keysFromAReachableJwksVerifyAndAreFetchedOnce() {
        wireMock.stubFor(get(JWKS_PATH).willReturn(okJson(tokens.publicJwks().toString())));
        JwtAuthenticator authenticator = authenticator(jwksUrl(), TIMEOUT);

        for (int call = 1; call <= CALLS; call++) {
            assertThat(authenticator.authenticate(validToken()).subject()).isEqualTo("u");
        }
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(JWKS_PATH)));
    }

    @Test
    void unknownKeyIdWithAReachableJwksIs401() throws Exception {
        wireMock.stubFor(get(JWKS_PATH).willReturn(okJson(tokens.publicJwks().toString())));
        JwtAuthenticator authenticator = authenticator(jwksUrl(), TIMEOUT);
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rotated-out").generate();
        String token = TestTokens.sign(TestTokens.claims("u", Map.of()).build(), stranger);

        for (int call = 1; call <= CALLS; call++) {
            ApiException e = Failures.http(() -> authenticator.authenticate(token));
            assertThat(e.status()).as("call %d", call).isEqualTo(401);
            assertThat(e.getMessage()).contains("signature or algorithm not accepted");
        }
        // The genuine key still verifies, and unknown key ids refetched the JWKS only as often as the limit allows.
        assertThat(authenticator.authenticate(validToken()).subject()).isEqualTo("u");
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(JWKS_PATH)))).hasSizeBetween(1, 2);
    }

    @Test
    void jwksAnsweringWithAServerErrorIs503() {
        wireMock.stubFor(get(JWKS_PATH).willReturn(aResponse().withStatus(503)));
        assertKeysUnavailable(authenticator(jwksUrl(), TIMEOUT), validToken());
    }

    @Test
    void jwksResettingTheConnectionIs503() {
        wireMock.stubFor(get(JWKS_PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertKeysUnavailable(authenticator(jwksUrl(), TIMEOUT), validToken());
    }

    @Test
    void jwksThatDoesNotAnswerIs503() {
        Duration timeout = Duration.ofMillis(200);
        wireMock.stubFor(get(JWKS_PATH).willReturn(okJson(tokens.publicJwks().toString())
                .withFixedDelay(Math.toIntExact(timeout.multipliedBy(5).toMillis()))));
        assertKeysUnavailable(authenticator(jwksUrl(), timeout), validToken());
    }

    @Test
    void jwksRefusingConnectionsIs503() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertKeysUnavailable(authenticator("http://127.0.0.1:" + closedPort + JWKS_PATH, TIMEOUT), validToken());
    }
}
