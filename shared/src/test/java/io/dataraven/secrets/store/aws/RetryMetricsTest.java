package io.dataraven.secrets.store.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.testing.FastRetries;
import io.dataraven.secrets.testing.PeerClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The SDK's absorbed retries as a metric, through the real client against DynamoDB's throttling answer. */
class RetryMetricsTest {

    private WireMockServer wireMock;
    private DynamoDbClient dynamo;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
        ClientOverrideConfiguration retries = FastRetries.overrides(3, Duration.ofSeconds(2)).toBuilder()
                .addExecutionInterceptor(new RetryMetrics()).build();
        dynamo = PeerClients.pointedAt(DynamoDbClient.builder(), wireMock.baseUrl(), retries);
        Metrics.discard();
    }

    @AfterEach
    void stop() {
        dynamo.close();
        wireMock.stop();
        Metrics.discard();
    }

    @Test
    void aThrottledCallTheSdkRetriedIsCountedOnce() throws Exception {
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
                                + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}"))
                .willSetStateTo("answered"));
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("throttled").whenScenarioStateIs("answered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{}")));

        dynamo.getItem(r -> r.tableName("t").key(Map.of()));

        JsonNode line = Databind.MAPPER.readTree(Metrics.flush(0, Map.of()));
        assertThat(line.get("AwsRetries").asDouble()).isEqualTo(1);
        assertThat(line.get("Service").asText()).isEqualTo("DynamoDb"); // the SDK's service name
    }

    @Test
    void aCallAnsweredAtOnceCountsNothing() {
        wireMock.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{}")));

        dynamo.getItem(r -> r.tableName("t").key(Map.of()));

        assertThat(Metrics.flush(0, Map.of())).isNull();
    }
}
