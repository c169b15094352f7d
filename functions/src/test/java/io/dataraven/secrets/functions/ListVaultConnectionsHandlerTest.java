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

/** The list-vault-connections sample of events/ through the handler, over the in-memory adapters. */
class ListVaultConnectionsHandlerTest {

    private final VaultHandlerFixture f = new VaultHandlerFixture("list-vault-connections");
    private final TestApp t = f.t;
    private final FakeVaultProvider doppler = f.doppler;
    private final ListVaultConnectionsHandler handler = new ListVaultConnectionsHandler(t.app);

    @ParameterizedTest
    @Event(value = "events/list-vault-connections.json", type = APIGatewayV2HTTPEvent.class)
    void sampleListsTheTeamsConnections(APIGatewayV2HTTPEvent event) throws Exception {
        UUID team = VaultHandlerFixture.param(event, "team_id");
        t.seedDopplerConnection(team, UUID.randomUUID(), VaultHandlerFixture.TOKEN);
        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "viewer"), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(VaultHandlerFixture.json(response).get("data")).hasSize(1);
        assertThat(VaultHandlerFixture.json(response).get("pagination").get("total").asInt()).isEqualTo(1);
        assertThat(response.getBody()).doesNotContain(VaultHandlerFixture.TOKEN);
    }
}
