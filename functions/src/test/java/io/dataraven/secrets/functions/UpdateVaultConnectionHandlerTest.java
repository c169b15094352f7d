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

/** The update-vault-connection sample of events/ through the handler, over the in-memory adapters. */
class UpdateVaultConnectionHandlerTest {

    private final VaultHandlerFixture f = new VaultHandlerFixture("update-vault-connection");
    private final TestApp t = f.t;
    private final FakeVaultProvider doppler = f.doppler;
    private final UpdateVaultConnectionHandler handler = new UpdateVaultConnectionHandler(t.app);

    @ParameterizedTest
    @Event(value = "events/update-vault-connection.json", type = APIGatewayV2HTTPEvent.class)
    void sampleRenamesAndDescribes(APIGatewayV2HTTPEvent event) throws Exception {
        f.seed(event);
        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "admin"), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode sent = Databind.MAPPER.readTree(event.getBody());
        assertThat(VaultHandlerFixture.json(response).get("name").asText()).isEqualTo(sent.get("name").asText());
        assertThat(VaultHandlerFixture.json(response).get("description").asText()).isEqualTo(sent.get("description").asText());
    }

    @Test
    void tokensCannotBeChangedHere() throws Exception {
        APIGatewayV2HTTPEvent event = t.authorize(f.sample(), "admin");
        f.seed(event);
        event.setBody("{\"access_token\":\"dp.st.other\"}");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("rotate").doesNotContain("dp.st.other");
    }
}
