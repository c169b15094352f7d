package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeleteSecretHandlerTest {

    private final TestApp t = new TestApp();
    private final DeleteSecretHandler handler = new DeleteSecretHandler(t.app);

    private static UUID param(APIGatewayV2HTTPEvent event, String name) {
        return UUID.fromString(event.getPathParameters().get(name));
    }

    @ParameterizedTest
    @Event(value = "events/delete-secret.json", type = APIGatewayV2HTTPEvent.class)
    void sampleEventDeletesSecretParameterAndSlot(APIGatewayV2HTTPEvent event) {
        Secret seeded = t.seedDirectSecret(param(event, "team_id"), param(event, "secret_id"), "prod-s3-backups");

        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "admin"), null);

        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(response.getBody()).isNull();
        assertThat(t.store.findSecret(seeded.teamId(), seeded.id())).isEmpty();
        assertThat(t.credentials.paths()).isEmpty();
        assertThat(t.store.findTeam(seeded.teamId()).orElseThrow().secretCount()).isZero();
        // deleting again: 404
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void operatorsCannotDelete() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/delete-secret.json");
        t.seedDirectSecret(param(event, "team_id"), param(event, "secret_id"), "keep-me");
        assertThat(handler.handleRequest(t.authorize(event, "operator"), null).getStatusCode()).isEqualTo(403);
        assertThat(t.credentials.paths()).hasSize(1);
    }
}
