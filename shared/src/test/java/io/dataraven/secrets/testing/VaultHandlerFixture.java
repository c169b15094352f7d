package io.dataraven.secrets.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.VaultType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the vault-connection handler tests share: the app over memory, a fake Doppler, the sample events. */
public final class VaultHandlerFixture {

    public static final String TOKEN = "dp.st.prd.SEEDEDTOKENVALUE";
    public final FakeVaultProvider doppler = new FakeVaultProvider(VaultType.DOPPLER, TOKEN);
    public final TestApp t = new TestApp(null, () -> new VaultProviders(List.of(doppler), Map.of()));
    private final String sample;

    /** @param sample the events/ file of the function under test, e.g. {@code get-vault-connection} */
    public VaultHandlerFixture(String sample) {
        this.sample = sample;
    }

    public APIGatewayV2HTTPEvent sample() {
        return EventLoader.loadApiGatewayHttpEvent("events/" + sample + ".json");
    }

    public static UUID param(APIGatewayV2HTTPEvent event, String name) {
        return UUID.fromString(event.getPathParameters().get(name));
    }

    /** The Doppler connection the sample's path names, stored with {@link #TOKEN}. */
    public VaultConnection seed(APIGatewayV2HTTPEvent event) {
        return t.seedDopplerConnection(param(event, "team_id"), param(event, "connection_id"), TOKEN);
    }

    public static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
        return Databind.MAPPER.readTree(response.getBody());
    }
}
