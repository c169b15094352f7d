package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ListSecretsHandlerTest {

    private final TestApp t = new TestApp();
    private final ListSecretsHandler handler = new ListSecretsHandler(t.app);

    private static UUID team(APIGatewayV2HTTPEvent event) {
        return UUID.fromString(event.getPathParameters().get("team_id"));
    }

    @ParameterizedTest
    @Event(value = "events/list-secrets.json", type = APIGatewayV2HTTPEvent.class)
    void sampleEventListsMatchingSecretsSortedByName(APIGatewayV2HTTPEvent event) throws Exception {
        UUID team = team(event);
        t.seedDirectSecret(team, UUID.randomUUID(), "prod-b");
        t.seedDirectSecret(team, UUID.randomUUID(), "Prod-A");
        t.seedDirectSecret(team, UUID.randomUUID(), "staging");
        t.seedDirectSecret(UUID.randomUUID(), UUID.randomUUID(), "prod-other-team");

        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(event, "viewer"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = Databind.MAPPER.readTree(response.getBody());
        assertThat(body.get("data")).extracting(n -> n.get("name").asText()).containsExactly("Prod-A", "prod-b");
        assertThat(body.get("pagination").toString()).isEqualTo("{\"page\":1,\"limit\":20,\"total\":2,\"total_pages\":1}");
        assertThat(body.get("data").get(0).has("updated_at")).isTrue();
        assertThat(response.getBody()).doesNotContain("secret_access_key").doesNotContain("credential_path");
    }

    @Test
    void badQueryValuesAre400NamingTheParameter() throws Exception {
        APIGatewayV2HTTPEvent event = t.authorize(EventLoader.loadApiGatewayHttpEvent("events/list-secrets.json"), "viewer");
        event.setQueryStringParameters(Map.of("limit", "101", "page", "zero", "sort_by", "size"));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Databind.MAPPER.readTree(response.getBody()).get("detail")).extracting(d -> d.get("loc").toString())
                .containsExactlyInAnyOrder("[\"query\",\"limit\"]", "[\"query\",\"page\"]", "[\"query\",\"sort_by\"]");
    }

    /** As API Gateway sends {@code ?q=prod&q=staging&limit=5}: the values joined in the map, each in the raw string. */
    @Test
    void aRepeatedParameterIs400NamingItInsteadOfSearchingTheJoinedValues() throws Exception {
        UUID team = team(EventLoader.loadApiGatewayHttpEvent("events/list-secrets.json"));
        t.seedDirectSecret(team, UUID.randomUUID(), "prod,staging");
        APIGatewayV2HTTPEvent event = t.authorize(EventLoader.loadApiGatewayHttpEvent("events/list-secrets.json"), "viewer");
        event.setRawQueryString("q=prod&q=staging&limit=5&sort%5Fby=name&sort_by=name");
        event.setQueryStringParameters(Map.of("q", "prod,staging", "limit", "5", "sort_by", "name,name"));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode body = Databind.MAPPER.readTree(response.getBody());
        assertThat(body.get("error").asText()).isEqualTo("validation_error");
        assertThat(body.get("detail")).extracting(d -> d.get("loc").toString())
                .containsExactly("[\"query\",\"q\"]", "[\"query\",\"sort_by\"]");
        assertThat(body.get("detail").get(0).get("msg").asText()).isEqualTo("given 2 times; send it once");

        // A comma inside one value is no repeat.
        event.setRawQueryString("q=prod%2Cstaging");
        event.setQueryStringParameters(Map.of("q", "prod,staging"));
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(200);
    }

    @Test
    void numbersAreAsciiDigitsOnly() throws Exception {
        for (String limit : java.util.List.of("\u0665", "+5", " 5", "5 ", "-1", "0x10", "1e1", "\uff15", "")) {
            APIGatewayV2HTTPEvent event = t.authorize(EventLoader.loadApiGatewayHttpEvent("events/list-secrets.json"),
                    "viewer");
            event.setRawQueryString(null);
            event.setQueryStringParameters(Map.of("limit", limit));

            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

            assertThat(response.getStatusCode()).as(limit).isEqualTo(400);
            assertThat(Databind.MAPPER.readTree(response.getBody()).get("detail").get(0).get("type").asText())
                    .isEqualTo("int_parsing");
        }
        APIGatewayV2HTTPEvent huge = t.authorize(EventLoader.loadApiGatewayHttpEvent("events/list-secrets.json"), "viewer");
        huge.setQueryStringParameters(Map.of("page", "99999999999999999999999", "limit", "007"));
        APIGatewayV2HTTPResponse response = handler.handleRequest(huge, null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Databind.MAPPER.readTree(response.getBody()).get("detail")).singleElement()
                .satisfies(d -> assertThat(d.get("loc").toString()).isEqualTo("[\"query\",\"page\"]"));
    }

    @Test
    void outsidersAre403AndNoTokenIs401() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/list-secrets.json");
        event.setHeaders(Map.of("authorization", "Bearer " + t.tokens.token("u", UUID.randomUUID(), "owner")));
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(403);
        event.setHeaders(Map.of());
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(401);
    }
}
