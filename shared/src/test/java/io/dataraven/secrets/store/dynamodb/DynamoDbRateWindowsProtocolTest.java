package io.dataraven.secrets.store.dynamodb;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.config.AwsClients;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.ratelimit.RateDecision;
import io.dataraven.secrets.ratelimit.RateLimiter;
import io.dataraven.secrets.store.StoreUnavailableException;
import io.dataraven.secrets.testing.PeerClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rate-window adapter through the production client ({@link AwsClients#rateLimitDynamoDb}: its attempts and its
 * one-second budget) against WireMock: the exact UpdateItem it sends, and how DynamoDB's error answers leave it,
 * with the limiter failing open on each.
 */
class DynamoDbRateWindowsProtocolTest {

    private static final String TABLE = "dataraven-secrets-test";
    private static final String TARGET = "DynamoDB_20120810.UpdateItem";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final Instant NOW = Instant.ofEpochSecond(1_764_680_430L);
    private static final long WINDOW = NOW.getEpochSecond() / 60;

    private static WireMockServer wireMock;
    private static DynamoDbClient dynamo;
    private static DynamoDbRateWindows windows;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        dynamo = PeerClients.production(wireMock.baseUrl()).rateLimitDynamoDb();
        windows = new DynamoDbRateWindows(dynamo, TABLE);
        // Warm the client up (class loading, first connection), as DynamoDbStoreProtocolTest does: on a cold JVM the
        // first call alone can pass the 1 s budget, which would read as unavailable instead of as the answer tested.
        answer(status(200, "{\"Attributes\":{\"request_count\":{\"N\":\"1\"}}}"));
        windows.increment("192.0.2.1", WINDOW, NOW);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        wireMock.stop();
        PeerClients.forgetKeys();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        Metrics.discard();
    }

    @AfterEach
    void clearMetrics() {
        Metrics.discard();
    }

    private static void answer(ResponseDefinitionBuilder response) {
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)).willReturn(response));
    }

    private static ResponseDefinitionBuilder status(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "request").withBody(body);
    }

    private static List<LoggedRequest> updates() {
        return wireMock.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)));
    }

    private static RateLimiter limiter() {
        return RateLimiter.perMinute(120, windows, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void oneUpdateItemAddsOneAndSetsTheExpiryOnlyIfUnsetReturningTheNewCount() {
        answer(status(200, "{\"Attributes\":{\"request_count\":{\"N\":\"7\"}}}"));

        long count = windows.increment("203.0.113.7", WINDOW, Instant.ofEpochSecond((WINDOW + 2) * 60));

        assertThat(count).isEqualTo(7);
        assertThat(updates()).hasSize(1);
        assertThat(updates().get(0).getHeader("Content-Type")).isEqualTo(CONTENT_TYPE);
        assertThat(equalToJson("""
                {"TableName": "dataraven-secrets-test",
                 "Key": {"PK": {"S": "RATE#203.0.113.7"}, "SK": {"S": "WINDOW#%d"}},
                 "UpdateExpression": "ADD request_count :one SET expires_at = if_not_exists(expires_at, :exp)",
                 "ExpressionAttributeValues": {":one": {"N": "1"}, ":exp": {"N": "%d"}},
                 "ReturnValues": "UPDATED_NEW"}
                """.formatted(WINDOW, (WINDOW + 2) * 60)).match(updates().get(0).getBodyAsString()).isExactMatch())
                .as(updates().get(0).getBodyAsString()).isTrue();
    }

    @Test
    void theLimiterReadsTheSharedCount() {
        answer(status(200, "{\"Attributes\":{\"request_count\":{\"N\":\"121\"}}}"));

        RateDecision decision = limiter().check("203.0.113.7").orElseThrow();

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.retryAfterSeconds()).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":"
                    + "\"The level of configured provisioned throughput for the table was exceeded.\"}",
            "{\"__type\":\"com.amazon.coral.availability#ThrottlingException\",\"message\":\"Rate of requests "
                    + "exceeds the allowed throughput.\"}"})
    void throttlingIsAStoreThrottledAndTheLimiterFailsOpenWithTheMetric(String errorBody) throws Exception {
        answer(status(400, errorBody));

        assertThatThrownBy(() -> windows.increment("203.0.113.7", WINDOW, NOW))
                .isInstanceOfSatisfying(StoreUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.THROTTLED));
        assertThat(updates()).as("two attempts, the retry within the budget").hasSize(2);
        Metrics.discard();

        long started = System.nanoTime();
        RateDecision decision = limiter().check("203.0.113.7").orElseThrow();

        assertThat(decision).isEqualTo(new RateDecision(true, 120, 119, (WINDOW + 1) * 60, 0));
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms, within the budget").isLessThan(1_500);
        assertThat(Databind.MAPPER.readTree(Metrics.flush(0, Map.of())).path("RateLimiterUnavailable").asDouble())
                .isEqualTo(1);
    }

    @Test
    void a500IsRetriedOnceThenUnavailableAndTheLimiterFailsOpen() {
        answer(status(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
                + "\"message\":\"Internal server error\"}"));

        assertThatThrownBy(() -> windows.increment("203.0.113.7", WINDOW, NOW))
                .isInstanceOfSatisfying(StoreUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.UNAVAILABLE));
        assertThat(updates()).as("two attempts").hasSize(2);

        assertThat(limiter().check("203.0.113.7").orElseThrow().allowed()).isTrue();
    }

    @Test
    void aSlowTableCostsTheRequestAtMostTheBudgetAndTheLimiterFailsOpen() {
        answer(status(200, "{\"Attributes\":{\"request_count\":{\"N\":\"1\"}}}").withFixedDelay(3_000));

        long started = System.nanoTime();
        RateDecision decision = limiter().check("203.0.113.7").orElseThrow();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(decision.allowed()).isTrue();
        assertThat(millis).as("ms until the request went on").isBetween(900L, 1_800L);
    }

    @Test
    void aRefusalSuchAsMissingPermissionsAlsoFailsOpen() {
        answer(status(400, "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":\"User is "
                + "not authorized to perform: dynamodb:UpdateItem\"}"));

        assertThatThrownBy(() -> windows.increment("203.0.113.7", WINDOW, NOW))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(limiter().check("203.0.113.7").orElseThrow().allowed()).isTrue();
    }

    @Test
    void anAnswerWithoutTheCountIsAFailureNotAZero() {
        answer(status(200, "{}"));

        assertThatThrownBy(() -> windows.increment("203.0.113.7", WINDOW, NOW))
                .isInstanceOf(StoreUnavailableException.class);
    }
}
