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

/** The rotate-vault-connection sample of events/ through the handler, over the in-memory adapters. */
class RotateVaultConnectionHandlerTest {

    private final VaultHandlerFixture f = new VaultHandlerFixture("rotate-vault-connection");
    private final TestApp t = f.t;
    private final FakeVaultProvider doppler = f.doppler;
    private final RotateVaultConnectionHandler handler = new RotateVaultConnectionHandler(t.app);

    @ParameterizedTest
    @Event(value = "events/rotate-vault-connection.json", type = APIGatewayV2HTTPEvent.class)
    void sampleReplacesTheStoredToken(APIGatewayV2HTTPEvent event) throws Exception {
        VaultConnection seeded = f.seed(event);
        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "admin"), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        String newToken = Databind.MAPPER.readTree(event.getBody()).get("access_token").asText();
        assertThat(t.credentials.read(seeded.credentialPath()))
                .contains(new Credentials(Map.of("access_token", newToken)));
        assertThat(response.getBody()).doesNotContain(newToken).doesNotContain(VaultHandlerFixture.TOKEN);
    }

    @Test
    void viewersCannotRotate() {
        APIGatewayV2HTTPEvent event = t.authorize(f.sample(), "viewer");
        VaultConnection seeded = f.seed(event);
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(403);
        assertThat(t.credentials.read(seeded.credentialPath())).contains(new Credentials(Map.of("access_token", VaultHandlerFixture.TOKEN)));
    }
}
