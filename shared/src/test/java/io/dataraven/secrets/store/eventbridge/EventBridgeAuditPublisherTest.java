package io.dataraven.secrets.store.eventbridge;

import io.dataraven.secrets.audit.AuditEvent;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PutEvents request through the real SDK, and EventBridge's partial-failure answer. */
class EventBridgeAuditPublisherTest {

    private WireMockServer wireMock;
    private EventBridgeClient client;

    private final AuditEvent event = new AuditEvent(UUID.randomUUID(), "secret_created", UUID.randomUUID(), "secret", UUID.randomUUID(),
            "prod", "user", "user-7", "req-1", "203.0.113.10", "curl/8", Instant.parse("2026-11-27T10:00:00Z"));

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
        client = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.builder().build()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .endpointOverride(URI.create(wireMock.baseUrl())).build();
    }

    @AfterEach
    void stop() {
        client.close();
        wireMock.stop();
    }

    private void answer(String body) {
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(body)));
    }

    @Test
    void sendsOneEntryOnTheConfiguredBus() {
        answer("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"11111111-2222-3333-4444-555555555555\"}]}");
        assertThatCode(() -> new EventBridgeAuditPublisher(client, "dataraven-audit").publish(event))
                .doesNotThrowAnyException();
        wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.Entries[0].EventBusName", equalTo("dataraven-audit")))
                .withRequestBody(matchingJsonPath("$.Entries[0].Source", equalTo("io.dataraven.secrets")))
                .withRequestBody(matchingJsonPath("$.Entries[0].DetailType", equalTo("secret_created")))
                .withRequestBody(matchingJsonPath("$.Entries[0].Detail", matchingJsonPath("$.actor.id"))));
    }

    @Test
    void aRefusedEntryIsAFailure() {
        answer("{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"x\"}]}");
        assertThatThrownBy(() -> new EventBridgeAuditPublisher(client, "dataraven-audit").publish(event))
                .hasMessageContaining("InternalFailure");
    }
}
