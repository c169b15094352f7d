package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.testing.FakeVaultProvider;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.testing.VaultHandlerFixture;
import io.dataraven.secrets.vault.VaultConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The create-vault-connection sample of events/ through the handler, over the in-memory adapters. */
class CreateVaultConnectionHandlerTest {

    private final VaultHandlerFixture f = new VaultHandlerFixture("create-vault-connection");
    private final TestApp t = f.t;
    private final FakeVaultProvider doppler = f.doppler;
    private final CreateVaultConnectionHandler handler = new CreateVaultConnectionHandler(t.app);

    @ParameterizedTest
    @Event(value = "events/create-vault-connection.json", type = APIGatewayV2HTTPEvent.class)
    void sampleCreatesTheConnectionAndKeepsTheTokenOutOfTheResponse(APIGatewayV2HTTPEvent event) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "admin"), null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        JsonNode body = VaultHandlerFixture.json(response);
        JsonNode sent = Databind.MAPPER.readTree(event.getBody());
        assertThat(body.get("name").asText()).isEqualTo(sent.get("name").asText());
        assertThat(body.get("vault_type").asText()).isEqualTo("doppler");
        assertThat(body.get("last_verified_at").isNull()).isTrue();
        assertThat(response.getBody()).doesNotContain(sent.get("access_token").asText());
        // Under the sample's named stage (dev), as the stack's ApiUrl output has it.
        assertThat(response.getHeaders()).containsEntry("Location", "/dev/v1/teams/"
                + event.getPathParameters().get("team_id") + "/vault-connections/" + body.get("id").asText());
        assertThat(t.credentials.paths()).singleElement().satisfies(p -> assertThat(t.credentials.read(p))
                .contains(new Credentials(Map.of("access_token", sent.get("access_token").asText()))));
    }

    @Test
    void operatorsCannotCreateAndASecondConnectionOnFreeIs403() {
        assertThat(handler.handleRequest(t.authorize(f.sample(), "operator"), null).getStatusCode()).isEqualTo(403);
        assertThat(handler.handleRequest(t.authorize(f.sample(), "owner"), null).getStatusCode()).isEqualTo(201);
        APIGatewayV2HTTPEvent second = t.authorize(f.sample(), "owner");
        second.setBody(second.getBody().replace("Doppler Production", "Doppler Staging"));
        assertThat(handler.handleRequest(second, null).getStatusCode()).isEqualTo(403);
    }
}
