package io.dataraven.secrets.verify.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.dataraven.secrets.verify.CheckOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One WireMock stand-in for the providers of a check test, reset before each test, and the checks pointed at it
 * with short timeouts (1 s to connect, 500 ms per request) so the slow-answer cases stay fast.
 */
abstract class ProviderStandIn {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:15:30Z"), ZoneOffset.UTC);

    static WireMockServer wireMock;
    ProviderChecks checks;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
    }

    @AfterAll
    static void stop() {
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        checks = new ProviderChecks(endpoints(URI.create(wireMock.baseUrl())), CLOCK, Duration.ofSeconds(1),
                Duration.ofMillis(500));
    }

    /** The endpoints of this test's providers, pointed at the stand-in. */
    abstract ProviderChecks.Endpoints endpoints(URI standIn);

    /**
     * What both Azure checks answer alike (they share AzureSasCheck.answer): ServerBusy is throttling; an internal
     * error, a reset connection and an answer slower than the request timeout are an outage; all retryable.
     */
    static void azureBusyOutageResetAndSlowAreRetryable(Supplier<CheckOutcome> check) {
        azureError(503, "ServerBusy", null);
        assertThat(check.get()).extracting(CheckOutcome::reason, CheckOutcome::retryable)
                .containsExactly("rate_limited", true);
        wireMock.resetAll();
        azureError(500, "InternalError", null);
        assertThat(check.get()).extracting(CheckOutcome::reason, CheckOutcome::retryable)
                .containsExactly("unreachable", true);
        wireMock.resetAll();
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(check.get().reason()).isEqualTo("unreachable");
        wireMock.resetAll();
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(1500)
                .withBody("<EnumerationResults/>")));
        assertThat(check.get().reason()).isEqualTo("unreachable");
    }

    /** Azure Blob's Error document, as it sends one for any failed call. */
    static void azureError(int status, String code, String detail) {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(status).withHeader("Content-Type",
                "application/xml").withBody("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code
                + "</Code><Message>Server failed. RequestId:8c1e3f2a-001e-0042-5a7b-4f2b3c000000\nTime:"
                + "2026-12-02T10:15:30.0000000Z</Message>" + (detail == null ? ""
                : "<AuthenticationErrorDetail>" + detail + "</AuthenticationErrorDetail>") + "</Error>")));
    }
}
