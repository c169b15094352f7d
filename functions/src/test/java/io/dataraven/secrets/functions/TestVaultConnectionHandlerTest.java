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

/** The test-vault-connection sample of events/ through the handler, over the in-memory adapters. */
class TestVaultConnectionHandlerTest {

    private final VaultHandlerFixture f = new VaultHandlerFixture("test-vault-connection");
    private final TestApp t = f.t;
    private final FakeVaultProvider doppler = f.doppler;
    private final TestVaultConnectionHandler handler = new TestVaultConnectionHandler(t.app);

    @ParameterizedTest
    @Event(value = "events/test-vault-connection.json", type = APIGatewayV2HTTPEvent.class)
    void sampleTestsTheConnectionAndRecordsTheTime(APIGatewayV2HTTPEvent event) throws Exception {
        VaultConnection seeded = f.seed(event);
        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "operator"), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(VaultHandlerFixture.json(response).get("ok").asBoolean()).isTrue();
        assertThat(VaultHandlerFixture.json(response).get("last_verified_at").asText()).endsWith("Z");
        assertThat(t.store.findVaultConnection(seeded.teamId(), seeded.id()).orElseThrow().lastVerifiedAt()).isNotNull();
        assertThat(doppler.accesses).singleElement()
                .satisfies(a -> assertThat(a.tokenField("access_token")).isEqualTo(VaultHandlerFixture.TOKEN));
    }

    @Test
    void aRejectedTokenIsAPreciseFailureNotAnError() throws Exception {
        APIGatewayV2HTTPEvent event = t.authorize(f.sample(), "operator");
        t.seedDopplerConnection(VaultHandlerFixture.param(event, "team_id"), VaultHandlerFixture.param(event, "connection_id"), "dp.st.revoked");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(VaultHandlerFixture.json(response).get("ok").asBoolean()).isFalse();
        assertThat(VaultHandlerFixture.json(response).get("reason").asText()).isEqualTo("auth_failed");
        assertThat(response.getBody()).doesNotContain("dp.st.revoked");
    }
}
