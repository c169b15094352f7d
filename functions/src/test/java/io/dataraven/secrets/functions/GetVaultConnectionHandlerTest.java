package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
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

/** The get-vault-connection sample of events/ through the handler, over the in-memory adapters. */
class GetVaultConnectionHandlerTest {

    private final VaultHandlerFixture f = new VaultHandlerFixture("get-vault-connection");
    private final TestApp t = f.t;
    private final FakeVaultProvider doppler = f.doppler;
    private final GetVaultConnectionHandler handler = new GetVaultConnectionHandler(t.app);

    @ParameterizedTest
    @Event(value = "events/get-vault-connection.json", type = APIGatewayV2HTTPEvent.class)
    void sampleReturnsTheConnectionWithoutItsToken(APIGatewayV2HTTPEvent event) throws Exception {
        VaultConnection seeded = f.seed(event);
        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "viewer"), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(VaultHandlerFixture.json(response).get("id").asText()).isEqualTo(seeded.id().toString());
        assertThat(VaultHandlerFixture.json(response).get("project").asText()).isEqualTo("backend");
        assertThat(response.getBody()).doesNotContain(VaultHandlerFixture.TOKEN);
    }

    @Test
    void unknownConnectionIs404() {
        assertThat(handler.handleRequest(t.authorize(f.sample(), "viewer"), null).getStatusCode()).isEqualTo(404);
    }
}
