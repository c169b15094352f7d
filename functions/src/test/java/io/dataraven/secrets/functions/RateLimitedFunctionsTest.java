package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.auth.Authenticator;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.config.StreamCalls;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.ratelimit.RateLimiter;
import io.dataraven.secrets.store.memory.InMemoryRateWindows;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultProviders;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-IP limit as Lambda calls the functions (stream interface): its headers on every answer, successes and
 * errors alike, and the documented 429 once a client is over it, before any token is looked at.
 */
class RateLimitedFunctionsTest {

    /** 20 seconds into a minute: the window resets 40 seconds later. */
    private static final Instant NOW = Instant.ofEpochSecond(1_764_680_420L);
    private static final long RESET = (NOW.getEpochSecond() / 60 + 1) * 60;

    private final TestApp t = new TestApp();
    private final AtomicInteger tokenChecks = new AtomicInteger();
    private final App app = appLimitedTo(3, new InMemoryRateWindows());

    private App appLimitedTo(int perMinute, InMemoryRateWindows windows) {
        Authenticator counting = token -> {
            tokenChecks.incrementAndGet();
            return t.tokens.authenticator().authenticate(token);
        };
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new App(counting, Metadata.of(t.store), t.credentials, new CredentialPaths(TestApp.PATH_PREFIX), clock,
                UUID::randomUUID, () -> new VaultProviders(List.of(), Map.of()), new InMemoryAuditLog(),
                Duration.ofMinutes(60), RateLimiter.perMinute(perMinute, windows, clock));
    }

    @Test
    void successesAndErrorsCarryTheLimitTheRemainderAndTheReset() throws Exception {
        ObjectNode create = sample("create-secret", "203.0.113.10");
        UUID team = UUID.fromString(create.path("pathParameters").path("team_id").asText());
        ((ObjectNode) create.get("headers")).put("authorization", "Bearer " + t.tokens.token("user-42", team, "admin"));

        JsonNode created = call(new CreateSecretHandler(app), create);
        JsonNode unauthorized = call(new GetSecretHandler(app), sample("get-secret", "203.0.113.10"));

        assertThat(created.get("statusCode").asInt()).isEqualTo(201);
        assertThat(headers(created)).containsEntry("X-RateLimit-Limit", "3").containsEntry("X-RateLimit-Remaining", "2")
                .containsEntry("X-RateLimit-Reset", Long.toString(RESET)).doesNotContainKey("Retry-After")
                .containsKey("Location");
        assertThat(unauthorized.get("statusCode").asInt()).isEqualTo(401);
        // One count across routes and functions: the second request of the address leaves one.
        assertThat(headers(unauthorized)).containsEntry("X-RateLimit-Limit", "3")
                .containsEntry("X-RateLimit-Remaining", "1").containsEntry("X-RateLimit-Reset", Long.toString(RESET))
                .containsKey("WWW-Authenticate");
    }

    @Test
    void overTheLimitA429WithRetryAfterAndTheDocumentedBodyComesBeforeAnyTokenCheck() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(call(new GetSecretHandler(app), sample("get-secret", "203.0.113.10")).get("statusCode").asInt())
                    .isEqualTo(401);
        }
        assertThat(tokenChecks).hasValue(3);

        JsonNode refused = call(new ListSecretsHandler(app), sample("list-secrets", "203.0.113.10"));

        assertThat(refused.get("statusCode").asInt()).isEqualTo(429);
        assertThat(headers(refused)).containsEntry("Retry-After", "40").containsEntry("X-RateLimit-Limit", "3")
                .containsEntry("X-RateLimit-Remaining", "0").containsEntry("X-RateLimit-Reset", Long.toString(RESET))
                .containsEntry("Content-Type", "application/json");
        JsonNode body = Databind.MAPPER.readTree(refused.get("body").asText());
        assertThat(body.get("error").asText()).isEqualTo("Rate limit exceeded");
        assertThat(body.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(body.get("message").asText()).contains("3 a minute").contains("40 seconds");
        assertThat(body.get("retryable").asBoolean()).isTrue();
        assertThat(body.get("detail")).isEmpty();
        assertThat(tokenChecks).as("no token checked for a refused request").hasValue(3);
    }

    @Test
    void theAddressApiGatewaySawCountsNotAForwardedForHeaderTheClientWrote() throws Exception {
        for (int i = 0; i < 3; i++) {
            ObjectNode event = sample("get-secret", "203.0.113.10");
            ((ObjectNode) event.get("headers")).put("x-forwarded-for", "198.51.100." + i);
            call(new GetSecretHandler(app), event);
        }
        ObjectNode forged = sample("get-secret", "203.0.113.10");
        ((ObjectNode) forged.get("headers")).put("x-forwarded-for", "198.51.100.99");

        assertThat(call(new GetSecretHandler(app), forged).get("statusCode").asInt()).isEqualTo(429);
        assertThat(call(new GetSecretHandler(app), sample("get-secret", "192.0.2.1")).get("statusCode").asInt())
                .as("another address").isEqualTo(401);
    }

    @Test
    void twoContainersShareTheStoreSoTheLimitHoldsAcrossThem() throws Exception {
        InMemoryRateWindows table = new InMemoryRateWindows();
        App first = appLimitedTo(2, table);
        App second = appLimitedTo(2, table);

        call(new GetSecretHandler(first), sample("get-secret", "203.0.113.10"));
        call(new ListSecretsHandler(second), sample("list-secrets", "203.0.113.10"));

        assertThat(call(new GetSecretHandler(first), sample("get-secret", "203.0.113.10")).get("statusCode").asInt())
                .isEqualTo(429);
    }

    @Test
    void withTheLimitOffThereAreNoHeaders() throws Exception {
        JsonNode answer = call(new GetSecretHandler(t.app), sample("get-secret", "203.0.113.10"));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(401);
        assertThat(headers(answer)).doesNotContainKeys("X-RateLimit-Limit", "X-RateLimit-Remaining",
                "X-RateLimit-Reset");
    }

    private static Map<String, String> headers(JsonNode answer) {
        return Databind.MAPPER.convertValue(answer.get("headers"), Databind.MAPPER.getTypeFactory()
                .constructMapType(Map.class, String.class, String.class));
    }

    private static JsonNode call(RequestStreamHandler handler, ObjectNode event) throws IOException {
        return StreamCalls.call(handler, Databind.MAPPER.writeValueAsBytes(event), null);
    }

    private static ObjectNode sample(String name, String sourceIp) throws IOException {
        try (InputStream in = RateLimitedFunctionsTest.class.getClassLoader()
                .getResourceAsStream("events/" + name + ".json")) {
            ObjectNode event = (ObjectNode) Databind.MAPPER.readTree(in.readAllBytes());
            ((ObjectNode) event.path("requestContext").path("http")).put("sourceIp", sourceIp);
            return event;
        }
    }
}
