package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.testing.VaultHandlerFixture;
import io.dataraven.secrets.vault.VaultConnection;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The Idempotency-Key header through the three handlers that take it, with the sample events of events/. */
class IdempotencyKeyHandlersTest {

    private static APIGatewayV2HTTPEvent keyed(APIGatewayV2HTTPEvent event, String key) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("idempotency-key", key);
        event.setHeaders(headers);
        return event;
    }

    private static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, Function<ObjectNode, ObjectNode> change)
            throws Exception {
        event.setBody(Databind.MAPPER.writeValueAsString(change.apply((ObjectNode) Databind.MAPPER.readTree(event.getBody()))));
        return event;
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
        return Databind.MAPPER.readTree(response.getBody());
    }

    /** The first response and its replay agree on status, body and Location; the replay says it is one. */
    private static void sameResponse(APIGatewayV2HTTPResponse first, APIGatewayV2HTTPResponse again) throws Exception {
        assertThat(again.getStatusCode()).isEqualTo(first.getStatusCode());
        assertThat(json(again)).isEqualTo(json(first));
        assertThat(again.getHeaders().get("Location")).isEqualTo(first.getHeaders().get("Location"));
        assertThat(first.getHeaders()).doesNotContainKey("Idempotent-Replayed");
        assertThat(again.getHeaders()).containsEntry("Idempotent-Replayed", "true");
    }

    /** The create-secret sample, as {@code role}, with the key. */
    private static APIGatewayV2HTTPResponse createSecret(TestApp t, String role, String key) {
        return new CreateSecretHandler(t.app).handleRequest(keyed(t.authorize(
                EventLoader.loadApiGatewayHttpEvent("events/create-secret.json"), role), key), null);
    }

    @Test
    void createSecretReplaysStatusBodyAndLocation() throws Exception {
        TestApp t = new TestApp();
        CreateSecretHandler handler = new CreateSecretHandler(t.app);
        APIGatewayV2HTTPResponse first = createSecret(t, "admin", "create-1");
        APIGatewayV2HTTPResponse again = createSecret(t, "admin", "create-1");
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(201);
        sameResponse(first, again);
        assertThat(first.getHeaders().get("Location")).endsWith("/secrets/" + json(first).get("id").asText());
        UUIDs.assertOne(t.store.listSecrets(UUIDs.team(EventLoader.loadApiGatewayHttpEvent("events/create-secret.json")))
                .size());

        APIGatewayV2HTTPResponse reused = handler.handleRequest(keyed(withBody(t.authorize(
                EventLoader.loadApiGatewayHttpEvent("events/create-secret.json"), "admin"),
                b -> b.put("name", "another")), "create-1"), null);
        assertThat(reused.getStatusCode()).isEqualTo(422);
        assertThat(json(reused).get("error").asText()).isEqualTo("idempotency_key_reused");
        assertThat(json(reused).at("/detail/0/loc").toString()).isEqualTo("[\"header\",\"idempotency-key\"]");
    }

    @Test
    void aMalformedKeyIs400AndAViewerStill403() throws Exception {
        TestApp t = new TestApp();
        APIGatewayV2HTTPResponse bad = createSecret(t, "admin", "two words");
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).isEqualTo("invalid_idempotency_key");
        assertThat(json(bad).get("message").asText()).contains("Idempotency-Key");
        APIGatewayV2HTTPResponse viewer = createSecret(t, "viewer", "two words");
        assertThat(viewer.getStatusCode()).isEqualTo(403);
        assertThat(t.store.listSecrets(UUIDs.team(EventLoader.loadApiGatewayHttpEvent("events/create-secret.json"))))
                .isEmpty();
    }

    @Test
    void createVaultConnectionReplaysStatusBodyAndLocation() throws Exception {
        VaultHandlerFixture f = new VaultHandlerFixture("create-vault-connection");
        CreateVaultConnectionHandler handler = new CreateVaultConnectionHandler(f.t.app);
        APIGatewayV2HTTPResponse first = handler.handleRequest(keyed(f.t.authorize(f.sample(), "admin"), "c-1"), null);
        APIGatewayV2HTTPResponse again = handler.handleRequest(keyed(f.t.authorize(f.sample(), "admin"), "c-1"), null);
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(201);
        sameResponse(first, again);
        assertThat(f.t.store.listVaultConnections(UUIDs.team(f.sample()))).hasSize(1);
        APIGatewayV2HTTPResponse reused = handler.handleRequest(keyed(withBody(f.t.authorize(f.sample(), "admin"),
                b -> b.put("name", "another")), "c-1"), null);
        assertThat(reused.getStatusCode()).isEqualTo(422);
    }

    @Test
    void rotateVaultConnectionReplaysItsResponse() throws Exception {
        VaultHandlerFixture f = new VaultHandlerFixture("rotate-vault-connection");
        RotateVaultConnectionHandler handler = new RotateVaultConnectionHandler(f.t.app);
        VaultConnection seeded = f.seed(f.sample());
        APIGatewayV2HTTPResponse first = handler.handleRequest(keyed(f.t.authorize(f.sample(), "admin"), "r-1"), null);
        APIGatewayV2HTTPResponse again = handler.handleRequest(keyed(f.t.authorize(f.sample(), "admin"), "r-1"), null);
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(200);
        sameResponse(first, again);
        assertThat(f.t.credentials.versions(seeded.credentialPath())).as("one rotation, one new version").isEqualTo(2);
        // Secret values are never part of the fingerprint (the table holds nothing computed from them): another
        // token under the same key is the same request, replayed, and writes no version.
        APIGatewayV2HTTPResponse otherToken = handler.handleRequest(keyed(withBody(f.t.authorize(f.sample(), "admin"),
                b -> b.put("access_token", "dp.st.prd.ANOTHERTOKENVALUE")), "r-1"), null);
        sameResponse(first, otherToken);
        assertThat(f.t.credentials.versions(seeded.credentialPath())).isEqualTo(2);
    }

    /** Small helpers over the samples' team. */
    private static final class UUIDs {
        static java.util.UUID team(APIGatewayV2HTTPEvent event) {
            return java.util.UUID.fromString(event.getPathParameters().get("team_id"));
        }

        static void assertOne(int count) {
            assertThat(count).isEqualTo(1);
        }
    }
}
