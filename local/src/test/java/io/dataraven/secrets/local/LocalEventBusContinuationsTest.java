package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Deletions handed on: the local bus runs each continuation through the rules until none is left. */
class LocalEventBusContinuationsTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final TemplateFunction HANDING_ON = new TemplateFunction("HandOnFunction",
            HandingOnHandler.class.getName(), "handleRequest", 300, 256);

    private static LocalApiServer server;
    /** A template whose rule forgot the continuation's source. */
    private static LocalApiServer forgetful;

    @BeforeAll
    static void start() throws Exception {
        server = LocalApiServer.start(0, List.of(), List.of(HANDING_ON), List.of(new TemplateEventRule(HANDING_ON,
                "TeamEvents", List.of(
                        new TemplateEventRule.Alternative(List.of("io.dataraven.teams"), List.of("TeamDeleted")),
                        new TemplateEventRule.Alternative(List.of("io.dataraven.secrets"),
                                List.of("TeamDeletionContinued"))))),
                LocalStorage.inMemory());
        forgetful = LocalApiServer.start(0, List.of(), List.of(), List.of(new TemplateEventRule(HANDING_ON,
                "TeamEvents", List.of(new TemplateEventRule.Alternative(List.of("io.dataraven.teams"),
                        List.of("TeamDeleted", "TeamDeletionContinued"))))), LocalStorage.inMemory());
    }

    @AfterAll
    static void stop() {
        server.close();
        forgetful.close();
    }

    @Test
    void runsEveryContinuationAndAnswersWithTheLastResult() throws Exception {
        UUID team = UUID.randomUUID();

        HttpResponse<String> response = deleted(server, team, 3);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(Databind.MAPPER.readTree("""
                {"detail_type": "TeamDeletionContinued", "source": "io.dataraven.secrets", "team_id": "%s",
                 "call": 4, "complete": true}
                """.formatted(team)));
    }

    @Test
    void aFinishedDeletionIsOneDelivery() throws Exception {
        UUID team = UUID.randomUUID();

        JsonNode result = json(deleted(server, team, 0));

        assertThat(result.path("detail_type").asText()).isEqualTo("TeamDeleted");
        assertThat(result.path("call").asInt()).isEqualTo(1);
    }

    @Test
    void aDeletionThatNeverFinishesIsStopped() throws Exception {
        UUID team = UUID.randomUUID();

        HttpResponse<String> response = deleted(server, team, -1);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).path("error").asText()).isEqualTo("deletion_not_finishing");
        assertThat(json(response).path("message").asText()).contains(team.toString());
        // The server is not left with continuations of it.
        UUID other = UUID.randomUUID();
        assertThat(json(deleted(server, other, 0)).path("team_id").asText()).isEqualTo(other.toString());
    }

    @Test
    void aContinuationNoRuleTakesIsTheTemplatesFault() throws Exception {
        HttpResponse<String> response = deleted(forgetful, UUID.randomUUID(), 1);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).path("error").asText()).isEqualTo("continuation_not_routed");
        assertThat(json(response).path("message").asText()).contains("io.dataraven.secrets");
    }

    private static HttpResponse<String> deleted(LocalApiServer target, UUID team, int handOn) throws Exception {
        String body = """
                {"detail-type": "TeamDeleted", "source": "io.dataraven.teams",
                 "detail": {"team_id": "%s", "hand_on": %d}}
                """.formatted(team, handOn);
        return CLIENT.send(HttpRequest.newBuilder(URI.create(target.baseUri() + "/local/events"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Databind.MAPPER.readTree(response.body());
    }
}
