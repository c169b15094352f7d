package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.LogCapture;
import io.dataraven.secrets.testing.SampleCredentials;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The handler with the sample events of events/, over the in-memory adapters. */
class CreateSecretHandlerTest {

    private final TestApp t = new TestApp();
    private final CreateSecretHandler handler = new CreateSecretHandler(t.app);
    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
    }

    @AfterEach
    void noCredentialInLogs() {
        logs.close();
        assertThat(String.join("\n", logs.lines())).doesNotContain(SampleCredentials.SECRET_MARKER)
                .doesNotContain("wJalrXUtnFEMI");
    }

    private static UUID team(APIGatewayV2HTTPEvent event) {
        return UUID.fromString(event.getPathParameters().get("team_id"));
    }

    private APIGatewayV2HTTPEvent withToken(APIGatewayV2HTTPEvent event, String role) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("authorization", "Bearer " + t.tokens.token("user-42", team(event), role));
        event.setHeaders(headers);
        return event;
    }

    private static APIGatewayV2HTTPEvent sample() {
        return EventLoader.loadApiGatewayHttpEvent("events/create-secret.json");
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
        return Databind.MAPPER.readTree(response.getBody());
    }

    @ParameterizedTest
    @Event(value = "events/create-secret.json", type = APIGatewayV2HTTPEvent.class)
    void sampleEventCreatesTheSecret(APIGatewayV2HTTPEvent event) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(withToken(event, "admin"), null);

        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(body.get("id").asText()).isNotBlank();
        assertThat(body.get("created_by").asText()).isEqualTo("user-42");
        assertThat(body.get("created_at").asText()).endsWith("Z");
        assertThat(body.has("credentials")).isFalse();
        // The sample is what API Gateway sends under the template's named stage: the link keeps /dev.
        assertThat(event.getRequestContext().getStage()).isEqualTo("dev");
        assertThat(response.getHeaders()).containsEntry("Location",
                "/dev/v1/teams/" + team(event) + "/secrets/" + body.get("id").asText());
        JsonNode sent = Databind.MAPPER.readTree(event.getBody());
        assertThat(body.get("name").asText()).isEqualTo(sent.get("name").asText().strip());
        assertThat(body.get("secret_type").asText()).isEqualTo(sent.get("secret_type").asText());
        sent.get("credentials").fields().forEachRemaining(f ->
                assertThat(response.getBody()).doesNotContain(f.getValue().asText()));
        assertThat(t.credentials.paths()).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/create-secret.json", type = APIGatewayV2HTTPEvent.class)
    void onTheDefaultStageTheLocationHasNoPrefix(APIGatewayV2HTTPEvent event) throws Exception {
        // $default (and a custom domain mapped at its root): the API's paths start the URL.
        String path = "/v1/teams/" + team(event) + "/secrets";
        event.setRawPath(path);
        event.getRequestContext().setStage("$default");
        event.getRequestContext().getHttp().setPath(path);

        APIGatewayV2HTTPResponse response = handler.handleRequest(withToken(event, "admin"), null);

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(response.getHeaders()).containsEntry("Location", path + "/" + json(response).get("id").asText());
    }

    @ParameterizedTest
    @Event(value = "events/create-secret-external.json", type = APIGatewayV2HTTPEvent.class)
    void externalSampleEventCreatesAReference(APIGatewayV2HTTPEvent event) throws Exception {
        JsonNode sent = Databind.MAPPER.readTree(event.getBody());
        UUID connectionId = UUID.fromString(sent.get("vault_connection_id").asText());
        t.store.createVaultConnection(new VaultConnection(connectionId, team(event), "1Password prod", null,
                VaultType.ONEPASSWORD, Instant.now(), "seed"));

        APIGatewayV2HTTPResponse response = handler.handleRequest(withToken(event, "owner"), null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        assertThat(json(response).get("vault_connection_id").asText()).isEqualTo(connectionId.toString());
        assertThat(t.credentials.paths()).isEmpty();
    }

    @Test
    void missingOrBadTokenIs401WithChallenge() throws Exception {
        APIGatewayV2HTTPEvent event = sample();
        event.setHeaders(Map.of("content-type", "application/json"));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getHeaders()).containsKey("WWW-Authenticate");
        assertThat(json(response).get("error").asText()).isEqualTo("unauthorized");

        event.setHeaders(Map.of("authorization", "Bearer nope"));
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(401);
        assertThat(t.credentials.paths()).isEmpty();
    }

    @Test
    void viewerOperatorAndOutsidersAre403BeforeAnyValidation() {
        for (String role : List.of("viewer", "operator")) {
            APIGatewayV2HTTPEvent event = withToken(sample(), role);
            event.setBody("{not json");
            assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(403);
        }
        APIGatewayV2HTTPEvent outsider = sample();
        Map<String, String> headers = new HashMap<>(outsider.getHeaders());
        headers.put("authorization", "Bearer " + t.tokens.token("u", UUID.randomUUID(), "owner"));
        outsider.setHeaders(headers);
        assertThat(handler.handleRequest(outsider, null).getStatusCode()).isEqualTo(403);
        assertThat(t.credentials.paths()).isEmpty();
    }

    @Test
    void teamIdThatIsNotAUuidIs400() throws Exception {
        APIGatewayV2HTTPEvent event = withToken(sample(), "admin");
        event.setPathParameters(Map.of("team_id", "acme"));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").get(0).get("loc").toString()).isEqualTo("[\"path\",\"team_id\"]");
    }

    @Test
    void invalidBodyIs400WithEveryProblemAndNothingWritten() throws Exception {
        APIGatewayV2HTTPEvent event = withToken(sample(), "admin");
        event.setBody("{\"name\":\"\",\"secret_type\":\"s3\",\"auth_method\":\"azure_sas_url\",\"credentials\":{\"sas_url\":7}}");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("validation_error");
        assertThat(body.get("detail")).hasSize(3);
        assertThat(t.credentials.paths()).isEmpty();
        assertThat(t.store.listSecrets(team(event))).isEmpty();
    }

    @Test
    void malformedAndOversizedBodies() {
        APIGatewayV2HTTPEvent event = withToken(sample(), "admin");
        event.setBody("{\"name\": ");
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(400);
        event.setBody("{\"name\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(413);
    }

    @Test
    void duplicateNameIs409AndTierLimitIs403() throws Exception {
        APIGatewayV2HTTPEvent event = withToken(sample(), "admin");
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(201);
        APIGatewayV2HTTPResponse again = handler.handleRequest(event, null);
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).isEqualTo("secret_name_conflict");

        JsonNode template = Databind.MAPPER.readTree(event.getBody());
        for (int i = 1; i < Tier.FREE.secretLimit(); i++) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) template).put("name", "copy " + i);
            event.setBody(template.toString());
            assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(201);
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) template).put("name", "sixth");
        event.setBody(template.toString());
        APIGatewayV2HTTPResponse limited = handler.handleRequest(event, null);
        assertThat(limited.getStatusCode()).isEqualTo(403);
        assertThat(json(limited).get("error").asText()).isEqualTo("tier_limit_exceeded");
        assertThat(json(limited).get("message").asText()).contains("5");
    }
}
