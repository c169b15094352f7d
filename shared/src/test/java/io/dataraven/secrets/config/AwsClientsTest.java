package io.dataraven.secrets.config;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dataraven.secrets.testing.PeerClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production clients' timeouts run on one shared timer thread (not the SDK's five-thread pool per client, each
 * thread started inside a request), and keep running when one of the clients is closed.
 */
class AwsClientsTest {

    private static WireMockServer wireMock;
    private static AwsClients aws;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        aws = PeerClients.production(wireMock.baseUrl());
    }

    @AfterAll
    static void stop() {
        wireMock.stop();
        PeerClients.forgetKeys();
    }

    @Test
    void callsScheduleTheirTimeoutsOnTheOneSharedTimerAndStartNoThreadOfTheirOwn() {
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{}")));
        long sdkThreadsBefore = threadsNamed("sdk-ScheduledExecutor");

        try (DynamoDbClient dynamo = aws.dynamoDb(); SsmClient ssm = aws.ssm()) {
            // More calls than the SDK's own pool has threads (five per client, one started per call until then).
            for (int i = 0; i < 7; i++) {
                dynamo.getItem(get());
                ssm.getParameter(r -> r.name("/dataraven/test/p"));
            }
            // Counted while the clients are open: closing a client ends the threads of a pool of its own.
            assertThat(threadsNamed("sdk-ScheduledExecutor")).as("SDK timer threads started")
                    .isEqualTo(sdkThreadsBefore);
            assertThat(threadsNamed(AwsClients.TIMER_THREAD)).as("the shared timer thread").isEqualTo(1);
        }
    }

    @Test
    void aClosedClientLeavesTheOthersTimeoutsWorking() {
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{}").withFixedDelay(4_000)));
        aws.ssm().close();

        // The rate limiter's client: one second per call. Had closing the SSM client shut the shared timer down,
        // scheduling this call's timeouts would be refused (a client error, not a timeout).
        try (DynamoDbClient limited = aws.rateLimitDynamoDb()) {
            assertThatThrownBy(() -> limited.getItem(get())).isInstanceOf(ApiCallTimeoutException.class);
        }
    }

    // Built the way the adapters build requests: the suite also runs against the shrunk core, which keeps only
    // the SDK methods the production code calls (AttributeValue.fromS is not one of them).
    private static GetItemRequest get() {
        return GetItemRequest.builder().tableName("dataraven-secrets-test")
                .key(Map.of("pk", AttributeValue.builder().s("TEAM#t").build(),
                        "sk", AttributeValue.builder().s("SECRET#s").build())).build();
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }
}
