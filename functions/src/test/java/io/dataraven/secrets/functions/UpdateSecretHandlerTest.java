package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateSecretHandlerTest {

    private final TestApp t = new TestApp();
    private final UpdateSecretHandler handler = new UpdateSecretHandler(t.app);

    private static UUID param(APIGatewayV2HTTPEvent event, String name) {
        return UUID.fromString(event.getPathParameters().get(name));
    }

    @ParameterizedTest
    @Event(value = "events/update-secret.json", type = APIGatewayV2HTTPEvent.class)
    void sampleEventRenamesAndRotates(APIGatewayV2HTTPEvent event) throws Exception {
        Secret seeded = t.seedDirectSecret(param(event, "team_id"), param(event, "secret_id"), "prod-s3-backups");

        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "admin"), null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode body = Databind.MAPPER.readTree(response.getBody());
        JsonNode sent = Databind.MAPPER.readTree(event.getBody());
        assertThat(body.get("name").asText()).isEqualTo(sent.get("name").asText());
        assertThat(body.get("description").asText()).isEqualTo(sent.get("description").asText());
        assertThat(response.getBody()).doesNotContain(sent.get("credentials").get("secret_access_key").asText());
        // rotated in place: same parameter, new value
        assertThat(t.credentials.read(seeded.credentialPath())).contains(new Credentials(Map.of(
                "access_key_id", sent.get("credentials").get("access_key_id").asText(),
                "secret_access_key", sent.get("credentials").get("secret_access_key").asText())));
        Secret stored = t.store.findSecret(seeded.teamId(), seeded.id()).orElseThrow();
        assertThat(stored.updatedBy()).isEqualTo("user-42");
        assertThat(stored.updatedAt()).isAfter(seeded.updatedAt());
    }

    @Test
    void viewersCannotUpdateAndRulesAre400() throws Exception {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/update-secret.json");
        t.seedDirectSecret(param(event, "team_id"), param(event, "secret_id"), "prod-s3-backups");
        assertThat(handler.handleRequest(t.authorize(event, "viewer"), null).getStatusCode()).isEqualTo(403);

        event.setBody("{\"vault_connection_id\":\"" + UUID.randomUUID() + "\",\"field_mappings\":[]}");
        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "owner"), null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Databind.MAPPER.readTree(response.getBody()).get("detail")).extracting(d -> d.get("loc").toString())
                .contains("[\"body\",\"vault_connection_id\"]", "[\"body\",\"field_mappings\"]");

        event.setBody("{}");
        APIGatewayV2HTTPResponse empty = handler.handleRequest(event, null);
        assertThat(empty.getStatusCode()).isEqualTo(400);
        assertThat(Databind.MAPPER.readTree(empty.getBody()).get("error").asText()).isEqualTo("empty_update");
    }

    /** null reads as "absent" in JSON here: only the description may be cleared, so null elsewhere is refused. */
    @Test
    void nullForAFieldThatCannotBeClearedIs400AndChangesNothing() throws Exception {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/update-secret.json");
        Secret seeded = t.seedDirectSecret(param(event, "team_id"), param(event, "secret_id"), "prod-s3-backups");
        for (String field : java.util.List.of("name", "secret_type", "auth_method", "credentials", "field_mappings")) {
            event.setBody("{\"description\": \"renamed\", \"" + field + "\": null}");

            APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "admin"), null);

            assertThat(response.getStatusCode()).as(field).isEqualTo(400);
            assertThat(Databind.MAPPER.readTree(response.getBody()).get("detail")).singleElement().satisfies(d -> {
                assertThat(d.get("loc").toString()).isEqualTo("[\"body\",\"" + field + "\"]");
                assertThat(d.get("msg").asText()).startsWith("cannot be null");
            });
        }
        assertThat(t.store.findSecret(seeded.teamId(), seeded.id())).contains(seeded);
    }

    @Test
    void unknownSecretIs404() {
        APIGatewayV2HTTPEvent event = t.authorize(EventLoader.loadApiGatewayHttpEvent("events/update-secret.json"), "admin");
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(404);
    }
}
