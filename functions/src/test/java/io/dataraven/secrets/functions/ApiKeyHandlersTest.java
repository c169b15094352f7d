package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.testing.LogCapture;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The six key handlers on their sample events, and a minted key used on another function. */
class ApiKeyHandlersTest {

    private final TestApp t = new TestApp();

    private static APIGatewayV2HTTPEvent sample(String name) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + name + ".json");
    }

    private static APIGatewayV2HTTPEvent bearer(APIGatewayV2HTTPEvent event, String token) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("authorization", "Bearer " + token);
        event.setHeaders(headers);
        return event;
    }

    private static APIGatewayV2HTTPEvent withKeyId(APIGatewayV2HTTPEvent event, String id) {
        Map<String, String> path = new HashMap<>(event.getPathParameters());
        event.setRawPath(event.getRawPath().replace(path.put("api_key_id", id), id));
        event.setPathParameters(path);
        return event;
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        return Json.parse(response.getBody().getBytes(), "response");
    }

    @Test
    void aKeyIsMintedListedUsedRotatedRevokedAndDeleted() {
        try (LogCapture logs = LogCapture.start()) {
            APIGatewayV2HTTPResponse created = new CreateApiKeyHandler(t.app)
                    .handleRequest(t.authorize(sample("create-api-key"), "admin"), null);
            assertThat(created.getStatusCode()).isEqualTo(201);
            JsonNode minted = body(created);
            String id = minted.path("id").asText();
            String fullKey = minted.path("full_key").asText();
            assertThat(fullKey).matches("dr_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}");
            assertThat(created.getHeaders().get("Location")).endsWith("/api-keys/" + id);
            assertThat(created.getHeaders().get("Cache-Control")).isEqualTo("no-store");
            assertThat(minted.path("scopes").toString()).isEqualTo("[\"secrets:create\",\"secrets:read\"]");

            // The key works on a route of its scope, through the function's own frame.
            APIGatewayV2HTTPEvent list = bearer(sample("list-secrets"), fullKey);
            assertThat(new ListSecretsHandler(t.app).handleRequest(list, null).getStatusCode()).isEqualTo(200);
            APIGatewayV2HTTPEvent delete = bearer(sample("delete-secret"), fullKey);
            assertThat(new DeleteSecretHandler(t.app).handleRequest(delete, null).getStatusCode()).isEqualTo(403);
            // ... and cannot manage keys.
            assertThat(new ListApiKeysHandler(t.app).handleRequest(bearer(sample("list-api-keys"), fullKey), null)
                    .getStatusCode()).isEqualTo(403);

            JsonNode listed = body(new ListApiKeysHandler(t.app)
                    .handleRequest(t.authorize(sample("list-api-keys"), "admin"), null));
            assertThat(listed.path("data")).singleElement().satisfies(k -> {
                assertThat(k.path("id").asText()).isEqualTo(id);
                assertThat(k.has("full_key")).isFalse();
                assertThat(k.path("last_used_at").isNull()).isFalse();
            });
            JsonNode got = body(new GetApiKeyHandler(t.app)
                    .handleRequest(withKeyId(t.authorize(sample("get-api-key"), "admin"), id), null));
            assertThat(got.path("last_used_ip").asText()).isEqualTo("203.0.113.10");
            assertThat(got.has("full_key")).isFalse();

            APIGatewayV2HTTPResponse rotated = new RotateApiKeyHandler(t.app)
                    .handleRequest(withKeyId(t.authorize(sample("rotate-api-key"), "admin"), id), null);
            assertThat(rotated.getStatusCode()).isEqualTo(200);
            String newKey = body(rotated).path("full_key").asText();
            assertThat(new ListSecretsHandler(t.app).handleRequest(bearer(sample("list-secrets"), fullKey), null)
                    .getStatusCode()).isEqualTo(401);
            assertThat(new ListSecretsHandler(t.app).handleRequest(bearer(sample("list-secrets"), newKey), null)
                    .getStatusCode()).isEqualTo(200);

            APIGatewayV2HTTPResponse revoked = new RevokeApiKeyHandler(t.app)
                    .handleRequest(withKeyId(t.authorize(sample("revoke-api-key"), "admin"), id), null);
            assertThat(body(revoked).path("is_active").asBoolean()).isFalse();
            APIGatewayV2HTTPResponse refused = new ListSecretsHandler(t.app)
                    .handleRequest(bearer(sample("list-secrets"), newKey), null);
            assertThat(refused.getStatusCode()).isEqualTo(401);
            assertThat(refused.getHeaders().get("WWW-Authenticate")).startsWith("Bearer");

            DeleteApiKeyHandler deleter = new DeleteApiKeyHandler(t.app);
            assertThat(deleter.handleRequest(withKeyId(t.authorize(sample("delete-api-key"), "admin"), id), null)
                    .getStatusCode()).isEqualTo(204);
            assertThat(deleter.handleRequest(withKeyId(t.authorize(sample("delete-api-key"), "admin"), id), null)
                    .getStatusCode()).isEqualTo(404);

            for (String key : new String[]{fullKey, newKey}) {
                assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(key.substring(16)));
            }
            assertThat(t.store.auditEvents().toString()).doesNotContain(fullKey.substring(16))
                    .doesNotContain(newKey.substring(16));
        }
    }

    @Test
    void operatorsCannotMintKeys() {
        APIGatewayV2HTTPResponse response = new CreateApiKeyHandler(t.app)
                .handleRequest(t.authorize(sample("create-api-key"), "operator"), null);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(t.store.listApiKeys(UUID.fromString(sample("create-api-key").getPathParameters().get("team_id"))))
                .isEmpty();
    }
}
