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

/** The delete-vault-connection sample of events/ through the handler, over the in-memory adapters. */
class DeleteVaultConnectionHandlerTest {

    private final VaultHandlerFixture f = new VaultHandlerFixture("delete-vault-connection");
    private final TestApp t = f.t;
    private final FakeVaultProvider doppler = f.doppler;
    private final DeleteVaultConnectionHandler handler = new DeleteVaultConnectionHandler(t.app);

    @ParameterizedTest
    @Event(value = "events/delete-vault-connection.json", type = APIGatewayV2HTTPEvent.class)
    void sampleDeletesTheConnectionAndItsToken(APIGatewayV2HTTPEvent event) {
        VaultConnection seeded = f.seed(event);
        assertThat(handler.handleRequest(t.authorize(event, "admin"), null).getStatusCode()).isEqualTo(204);
        assertThat(t.store.findVaultConnection(seeded.teamId(), seeded.id())).isEmpty();
        assertThat(t.credentials.paths()).isEmpty();
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(404);
    }
}
