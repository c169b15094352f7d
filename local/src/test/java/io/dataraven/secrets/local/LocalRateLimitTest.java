package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.credential.CredentialPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local server enforces RATE_LIMIT_PER_MINUTE as Lambda does, per client address across all routes, before
 * any token check; every answer is checked against the OpenAPI document on the way (TestHttp). The dev endpoints
 * are not API routes and are not limited.
 */
class LocalRateLimitTest {

    private static final int LIMIT = 3;
    private static LocalApiServer server;

    @BeforeAll
    static void start() throws IOException {
        Settings settings = Settings.from(Map.of("RATE_LIMIT_PER_MINUTE", Integer.toString(LIMIT)));
        server = LocalApiServer.start(0, TemplateRoutes.locate(null, Path.of("")),
                LocalStorage.inMemory(settings, new CredentialPaths(LocalStorage.DEFAULT_PREFIX)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pastTheLimitA429WithRetryAfterAndTheRateHeadersOnEveryAnswerBefore() throws Exception {
        String secrets = "/v1/teams/" + UUID.randomUUID() + "/secrets";
        List<HttpResponse<String>> answers = new ArrayList<>();
        // A minute may roll over in between: then the count starts again, so allow for two windows' worth.
        HttpResponse<String> refused = null;
        for (int i = 0; i < 2 * LIMIT + 1 && refused == null; i++) {
            HttpResponse<String> answer = TestHttp.send(server.baseUri(), i % 2 == 0 ? "GET" : "POST", secrets,
                    i % 2 == 0 ? null : "{}", null);
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                answers.add(answer);
            }
        }

        assertThat(answers).isNotEmpty().allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("X-RateLimit-Limit")).hasValue(Integer.toString(LIMIT));
            assertThat(answer.headers().firstValue("X-RateLimit-Remaining")).isPresent();
            assertThat(answer.headers().firstValue("X-RateLimit-Reset")).isPresent();
        });
        assertThat(refused).as("a 429 within two windows of %d", LIMIT).isNotNull();
        long reset = Long.parseLong(refused.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        long now = System.currentTimeMillis() / 1000;
        assertThat(reset % 60).as("a window ends on the minute").isZero();
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(reset - now).isBetween(retryAfter - 2, retryAfter + 1);
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        JsonNode body = Databind.MAPPER.readTree(refused.body());
        assertThat(body.path("error").asText()).isEqualTo("Rate limit exceeded");
        assertThat(body.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(body.path("message").asText()).isNotBlank();

        // Another route, the same address: refused as well (unless the minute just ended); the dev endpoints are
        // not limited.
        HttpResponse<String> other = TestHttp.send(server.baseUri(), "GET", secrets + "/" + UUID.randomUUID(), null,
                null);
        if (retryAfter > 2) {
            assertThat(other.statusCode()).isEqualTo(429);
        }
        assertThat(TestHttp.send(server.baseUri(), "GET", "/local/health", null, null).statusCode()).isEqualTo(200);
    }
}
