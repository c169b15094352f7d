package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.testing.SampleCredentials;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class GetSecretHandlerTest {

    private final TestApp t = new TestApp();
    private final GetSecretHandler handler = new GetSecretHandler(t.app);

    private static APIGatewayV2HTTPEvent sample() {
        return EventLoader.loadApiGatewayHttpEvent("events/get-secret.json");
    }

    private static UUID param(APIGatewayV2HTTPEvent event, String name) {
        return UUID.fromString(event.getPathParameters().get(name));
    }

    @ParameterizedTest
    @Event(value = "events/get-secret.json", type = APIGatewayV2HTTPEvent.class)
    void sampleEventReturnsTheDetailWithoutCredentials(APIGatewayV2HTTPEvent event) throws Exception {
        t.seedDirectSecret(param(event, "team_id"), param(event, "secret_id"), "prod-s3-backups");

        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "viewer"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = Databind.MAPPER.readTree(response.getBody());
        assertThat(body.get("id").asText()).isEqualTo(param(event, "secret_id").toString());
        assertThat(body.get("name").asText()).isEqualTo("prod-s3-backups");
        assertThat(body.get("updated_by").asText()).isEqualTo("seed");
        assertThat(body.get("vault_connection_id").isNull()).isTrue();
        assertThat(body.get("external_field_mappings").isNull()).isTrue();
        assertThat(response.getBody()).doesNotContain(SampleCredentials.SECRET_MARKER).doesNotContain("AKIA");
    }

    @Test
    void externalSecretShowsConnectionAndReferences() throws Exception {
        APIGatewayV2HTTPEvent event = sample();
        UUID team = param(event, "team_id");
        VaultConnection connection = t.seedVaultConnection(team, VaultType.DOPPLER);
        Secret secret = t.app.secretService().create(new Principal("a", Map.of(team, Role.ADMIN)), team,
                SecretRequests.create(TestApp.json("""
                        {"name":"ext","secret_type":"r2","auth_method":"r2_access_key","vault_connection_id":"%s",
                         "field_mappings":[{"field_name":"access_key_id","reference":"R2_KEY_ID"},
                                           {"field_name":"secret_access_key","reference":"R2_SECRET"}]}
                        """.formatted(connection.id()))));
        event.setPathParameters(Map.of("team_id", team.toString(), "secret_id", secret.id().toString()));

        JsonNode body = Databind.MAPPER.readTree(handler.handleRequest(t.authorize(event, "operator"), null).getBody());

        assertThat(body.get("vault_connection_name").asText()).isEqualTo(connection.name());
        assertThat(body.get("vault_type").asText()).isEqualTo("doppler");
        assertThat(body.get("external_field_mappings").toString())
                .isEqualTo("{\"access_key_id\":\"R2_KEY_ID\",\"secret_access_key\":\"R2_SECRET\"}");
    }

    @Test
    void unknownOrForeignSecretIs404AndBadIdIs400() throws Exception {
        APIGatewayV2HTTPEvent event = t.authorize(sample(), "admin");
        APIGatewayV2HTTPResponse missing = handler.handleRequest(event, null);
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(Databind.MAPPER.readTree(missing.getBody()).get("error").asText()).isEqualTo("secret_not_found");

        // the secret exists, but in another team: the path's team decides, so 404
        UUID otherTeam = UUID.randomUUID();
        t.seedDirectSecret(otherTeam, param(event, "secret_id"), "theirs");
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(404);

        event.setPathParameters(Map.of("team_id", param(event, "team_id").toString(), "secret_id", "nope"));
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(400);
    }
}
