package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.api.Json;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.testing.FakeVaultProvider;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The update-vault-connection sample of events/ through the handler, over the in-memory adapters. */
class UpdateVaultConnectionHandlerTest {

    static final String TOKEN = "dp.st.prd.SEEDEDTOKENVALUE";
    private final FakeVaultProvider doppler = new FakeVaultProvider(VaultType.DOPPLER, TOKEN);
    private final TestApp t = new TestApp(null, () -> new VaultProviders(List.of(doppler), Map.of()));
    private final UpdateVaultConnectionHandler handler = new UpdateVaultConnectionHandler(t.app);

    private static UUID param(APIGatewayV2HTTPEvent event, String name) {
        return UUID.fromString(event.getPathParameters().get(name));
    }

    private VaultConnection seed(APIGatewayV2HTTPEvent event) {
        return t.seedDopplerConnection(param(event, "team_id"), param(event, "connection_id"), TOKEN);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    private static APIGatewayV2HTTPEvent sample() {
        return EventLoader.loadApiGatewayHttpEvent("events/update-vault-connection.json");
    }

    @ParameterizedTest
    @Event(value = "events/update-vault-connection.json", type = APIGatewayV2HTTPEvent.class)
    void sampleRenamesAndDescribes(APIGatewayV2HTTPEvent event) throws Exception {
        seed(event);
        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "admin"), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode sent = Json.MAPPER.readTree(event.getBody());
        assertThat(json(response).get("name").asText()).isEqualTo(sent.get("name").asText());
        assertThat(json(response).get("description").asText()).isEqualTo(sent.get("description").asText());
    }

    @Test
    void tokensCannotBeChangedHere() throws Exception {
        APIGatewayV2HTTPEvent event = t.authorize(sample(), "admin");
        seed(event);
        event.setBody("{\"access_token\":\"dp.st.other\"}");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("rotate").doesNotContain("dp.st.other");
    }
}
