package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /local/events} against the real template: its rule, TeamEventsHandler and the in-memory stores. */
class LocalEventBusTest {

    private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static LocalApiServer server;

    @BeforeAll
    static void start() throws IOException {
        server = LocalApiServer.start(0, TemplateRoutes.locate(null, Path.of("")), LocalStorage.inMemory());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void servesTheTemplatesTeamEventsRule() {
        assertThat(server.eventRules()).containsExactly("TeamEventsFunction.TeamEvents");
        assertThat(server.routeKeys()).contains("POST /local/events");
    }

    @Test
    void aPlanChangeLiftsTheFreeLimit() throws Exception {
        UUID team = UUID.randomUUID();
        String token = adminToken(team);
        for (int i = 1; i <= 5; i++) {
            assertThat(createSecret(team, token, "secret-" + i).statusCode()).isEqualTo(201);
        }
        assertThat(createSecret(team, token, "secret-6").statusCode()).isEqualTo(403);

        HttpResponse<String> delivered = event("""
                {"version": "0", "id": "%s", "detail-type": "TeamPlanChanged", "source": "io.dataraven.teams",
                 "account": "123456789012", "time": "2026-11-27T09:00:00Z", "region": "us-east-1", "resources": [],
                 "detail": {"team_id": "%s", "tier": "pro", "plan_version": 7}}
                """.formatted(UUID.randomUUID(), team));

        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        assertThat(json(delivered)).isEqualTo(Databind.MAPPER.readTree("""
                {"detail_type": "TeamPlanChanged", "team_id": "%s", "action": "plan_changed", "complete": true,
                 "secrets_deleted": 0, "connections_deleted": 0}
                """.formatted(team)));
        assertThat(createSecret(team, token, "secret-6").statusCode()).isEqualTo(201);

        // The same event again (EventBridge delivers at least once) changes nothing.
        HttpResponse<String> again = event("""
                {"detail-type": "TeamPlanChanged", "source": "io.dataraven.teams",
                 "detail": {"team_id": "%s", "tier": "free", "plan_version": 7}}
                """.formatted(team));
        assertThat(json(again).path("action").asText()).isEqualTo("ignored_stale");
        assertThat(createSecret(team, token, "secret-7").statusCode()).isEqualTo(201);
    }

    @Test
    void aTeamDeletionRemovesItsSecretsAndRefusesNewOnes() throws Exception {
        UUID team = UUID.randomUUID();
        String token = adminToken(team);
        for (int i = 1; i <= 3; i++) {
            assertThat(createSecret(team, token, "secret-" + i).statusCode()).isEqualTo(201);
        }

        HttpResponse<String> delivered = event("""
                {"detail-type": "TeamDeleted", "source": "io.dataraven.teams", "time": "2026-11-27T10:00:00Z",
                 "detail": {"team_id": "%s"}}
                """.formatted(team));

        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        JsonNode summary = json(delivered);
        assertThat(summary.path("action").asText()).isEqualTo("deleted");
        assertThat(summary.path("complete").asBoolean()).isTrue();
        assertThat(summary.path("secrets_deleted").asInt()).isEqualTo(3);
        HttpResponse<String> listed = send("GET", "/v1/teams/" + team + "/secrets", null, token);
        assertThat(json(listed).path("data")).isEmpty();
        HttpResponse<String> refused = createSecret(team, token, "after-deletion");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(SECRET_ACCESS_KEY);
        // A late plan change does not bring the team back.
        HttpResponse<String> late = send("PUT", "/local/teams/" + team, "{\"tier\":\"pro\"}", null);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).path("error").asText()).isEqualTo("plan_not_applied");
        assertThat(createSecret(team, token, "after-deletion").statusCode()).isEqualTo(403);
    }

    @Test
    void ourOwnContinuationIsTakenAndFinishesADeletion() throws Exception {
        UUID team = UUID.randomUUID();
        String token = adminToken(team);
        assertThat(createSecret(team, token, "left-over").statusCode()).isEqualTo(201);

        HttpResponse<String> delivered = event("""
                {"detail-type": "TeamDeletionContinued", "source": "io.dataraven.secrets",
                 "detail": {"team_id": "%s"}}
                """.formatted(team));

        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        assertThat(json(delivered).path("action").asText()).isEqualTo("deleted");
        assertThat(json(send("GET", "/v1/teams/" + team + "/secrets", null, token)).path("data")).isEmpty();
    }

    @Test
    void anEnvelopeWithoutSourceOrTimeIsCompletedAsEventBridgeWould() throws Exception {
        UUID team = UUID.randomUUID();

        HttpResponse<String> delivered = event("{\"detail-type\": \"TeamCreated\", \"detail\": {\"team_id\": \""
                + team + "\", \"tier\": \"pro\"}}");

        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        assertThat(json(delivered).path("action").asText()).isEqualTo("created");
        String token = adminToken(team);
        for (int i = 1; i <= 6; i++) {
            assertThat(createSecret(team, token, "secret-" + i).statusCode()).isEqualTo(201);
        }
    }

    @Test
    void aDetailTypeNoRuleTakesIs400() throws Exception {
        HttpResponse<String> unknown = event("{\"detail-type\": \"TeamRenamed\", \"source\": \"io.dataraven.teams\","
                + " \"detail\": {\"team_id\": \"" + UUID.randomUUID() + "\"}}");
        // The team service may not hand a deletion on in our name, nor we publish its events.
        HttpResponse<String> foreignContinuation = event("{\"detail-type\": \"TeamDeletionContinued\", "
                + "\"source\": \"io.dataraven.teams\", \"detail\": {\"team_id\": \"" + UUID.randomUUID() + "\"}}");
        HttpResponse<String> audit = event("{\"detail-type\": \"secret_created\", \"source\": \"io.dataraven.secrets\","
                + " \"detail\": {\"team_id\": \"" + UUID.randomUUID() + "\"}}");

        for (HttpResponse<String> response : java.util.List.of(unknown, foreignContinuation, audit)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(json(response).path("error").asText()).isEqualTo("no_rule_matches");
            assertThat(json(response).path("message").asText()).contains("TeamPlanChanged");
        }
    }

    @Test
    void aBadEnvelopeIs400() throws Exception {
        HttpResponse<String> notJson = event("{\"detail-type\": ");
        HttpResponse<String> notAnObject = event("[\"TeamDeleted\"]");
        HttpResponse<String> empty = event("");
        HttpResponse<String> noDetailType = event("{\"detail\": {\"team_id\": \"" + UUID.randomUUID() + "\"}}");
        HttpResponse<String> badFields = event("{\"detail-type\": 5, \"detail\": \"x\", \"source\": 1, "
                + "\"time\": \"yesterday\"}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).path("error").asText()).isEqualTo("invalid_json");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(json(notAnObject).path("error").asText()).isEqualTo("invalid_body");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(noDetailType.statusCode()).isEqualTo(400);
        assertThat(json(noDetailType).path("detail").path(0).path("loc").toString())
                .isEqualTo("[\"body\",\"detail-type\"]");
        assertThat(badFields.statusCode()).isEqualTo(400);
        assertThat(json(badFields).path("detail")).extracting(v -> v.path("loc").path(1).asText())
                .containsExactly("detail-type", "detail", "source", "time");
    }

    @Test
    void aTeamEventTheHandlerWouldRejectIs400() throws Exception {
        HttpResponse<String> badTeam = event("{\"detail-type\": \"TeamDeleted\", \"source\": \"io.dataraven.teams\","
                + " \"detail\": {\"team_id\": \"not-a-uuid\"}}");
        HttpResponse<String> noTier = event("{\"detail-type\": \"TeamPlanChanged\", \"source\": "
                + "\"io.dataraven.teams\", \"detail\": {\"team_id\": \"" + UUID.randomUUID() + "\"}}");
        HttpResponse<String> badTier = event("{\"detail-type\": \"TeamPlanChanged\", \"source\": "
                + "\"io.dataraven.teams\", \"detail\": {\"team_id\": \"" + UUID.randomUUID()
                + "\", \"tier\": \"gold\"}}");

        for (HttpResponse<String> response : java.util.List.of(badTeam, noTier, badTier)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(json(response).path("error").asText()).isEqualTo("invalid_event");
        }
        assertThat(json(badTeam).path("message").asText()).contains("team_id").doesNotContain("not-a-uuid");
        assertThat(json(noTier).path("message").asText()).contains("needs a tier");
    }

    @Test
    void aPlanChangeThroughTheDevShortcutIsATeamPlanChangedEvent() throws Exception {
        UUID team = UUID.randomUUID();

        HttpResponse<String> upgraded = send("PUT", "/local/teams/" + team, "{\"tier\":\"pro\"}", null);

        assertThat(upgraded.statusCode()).isEqualTo(200);
        assertThat(json(upgraded)).isEqualTo(Databind.MAPPER.readTree(
                "{\"team_id\":\"" + team + "\",\"tier\":\"pro\"}"));
        // It carries plan_version = now in milliseconds: an older event from the team service loses to it.
        HttpResponse<String> older = event("{\"detail-type\": \"TeamPlanChanged\", \"source\": \"io.dataraven.teams\","
                + " \"detail\": {\"team_id\": \"" + team + "\", \"tier\": \"free\", \"plan_version\": 2}}");
        assertThat(json(older).path("action").asText()).isEqualTo("ignored_stale");
        // A newer one from the dev shortcut wins again.
        assertThat(send("PUT", "/local/teams/" + team, "{\"tier\":\"free\"}", null).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> event(String body) throws Exception {
        return send("POST", "/local/events", body, null);
    }

    private static HttpResponse<String> createSecret(UUID team, String token, String name) throws Exception {
        String body = """
                {"name": "%s", "secret_type": "s3", "auth_method": "s3_access_key",
                 "credentials": {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "%s"}}
                """.formatted(name, SECRET_ACCESS_KEY);
        return send("POST", "/v1/teams/" + team + "/secrets", body, token);
    }

    private static String adminToken(UUID team) throws Exception {
        HttpResponse<String> response = send("POST", "/local/token",
                "{\"sub\":\"admin-1\",\"team_id\":\"" + team + "\",\"role\":\"admin\"}", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).path("access_token").asText();
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Databind.MAPPER.readTree(response.body());
    }
}
