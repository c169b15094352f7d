package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The local server end to end over HTTP: the real template, handler, JWT verification and in-memory stores. */
class LocalApiServerTest {

    private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String DOPPLER_TOKEN = "dp.st.prd.3bJq8vX2kLmN5pR7tW9yZ1aC4eG6iK8oQ0sU2wY4";
    private static final String DOPPLER_TOKEN_2 = "dp.st.prd.7hD2fJ4lN6pR8tV0xZ2bD4fH6jL8nP0rT2vX4zB6";

    private static LocalApiServer server;

    @BeforeAll
    static void start() throws IOException {
        Path template = TemplateRoutes.locate(null, Path.of(""));
        server = LocalApiServer.start(0, template, TestHttp.manyRequests());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthSaysOk() throws Exception {
        HttpResponse<String> response = send("GET", "/local/health", null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(Databind.MAPPER.readTree("{\"status\":\"ok\"}"));
    }

    @Test
    void mintsAVerifiableTokenAndCreatesASecretWithIt() throws Exception {
        UUID team = UUID.randomUUID();
        HttpResponse<String> minted = send("POST", "/local/token",
                "{\"sub\":\"user-1\",\"team_id\":\"" + team + "\",\"role\":\"admin\"}", null);
        assertThat(minted.statusCode()).isEqualTo(200);
        JsonNode body = json(minted);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(3600);

        SignedJWT jwt = SignedJWT.parse(body.path("access_token").asText());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        JsonNode jwks = json(send("GET", LocalTokens.JWKS_PATH, null, null));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(jwks.path("keys").path(0).path("kid").asText());
        assertThat(jwks.path("keys").path(0).has("d")).as("the JWKS must hold no private key").isFalse();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(server.baseUri() + "/local");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("dataraven-secrets");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("user-1");
        assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("teams")).isEqualTo(Map.of(team.toString(), "admin"));

        HttpResponse<String> created = createSecret(team, body.path("access_token").asText(), "backups");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode secret = json(created);
        assertThat(secret.path("name").asText()).isEqualTo("backups");
        assertThat(created.headers().firstValue("Location")).hasValue(
                "/v1/teams/" + team + "/secrets/" + secret.path("id").asText());
        assertThat(created.body()).doesNotContain(SECRET_ACCESS_KEY);
    }

    @Test
    void createWithoutATokenIs401() throws Exception {
        HttpResponse<String> response = createSecret(UUID.randomUUID(), null, "backups");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("error").asText()).isEqualTo("unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void aViewerMayNotCreate() throws Exception {
        UUID team = UUID.randomUUID();
        String token = token("{\"sub\":\"viewer-1\",\"teams\":{\"" + team + "\":\"viewer\"}}");

        HttpResponse<String> response = createSecret(team, token, "backups");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("error").asText()).isEqualTo("forbidden");
    }

    @Test
    void aDuplicateNameIs409() throws Exception {
        UUID team = UUID.randomUUID();
        String token = adminToken(team);
        assertThat(createSecret(team, token, "backups").statusCode()).isEqualTo(201);

        HttpResponse<String> duplicate = createSecret(team, token, "backups");

        assertThat(duplicate.statusCode()).isEqualTo(409);
    }

    @Test
    void theFreeTierStopsAtFiveSecretsUntilTheTeamGoesPro() throws Exception {
        UUID team = UUID.randomUUID();
        String token = adminToken(team);
        for (int i = 1; i <= 5; i++) {
            assertThat(createSecret(team, token, "secret-" + i).statusCode()).isEqualTo(201);
        }

        HttpResponse<String> sixth = createSecret(team, token, "secret-6");
        assertThat(sixth.statusCode()).isEqualTo(403);
        assertThat(sixth.body()).contains("5");

        HttpResponse<String> upgraded = send("PUT", "/local/teams/" + team, "{\"tier\":\"pro\"}", null);
        assertThat(upgraded.statusCode()).isEqualTo(200);
        assertThat(json(upgraded)).isEqualTo(
                Databind.MAPPER.readTree("{\"team_id\":\"" + team + "\",\"tier\":\"pro\"}"));

        assertThat(createSecret(team, token, "secret-6").statusCode()).isEqualTo(201);
    }

    @Test
    void tokenRequestsAreValidated() throws Exception {
        HttpResponse<String> noSubject = send("POST", "/local/token",
                "{\"team_id\":\"" + UUID.randomUUID() + "\",\"role\":\"admin\"}", null);
        HttpResponse<String> badTeam = send("POST", "/local/token",
                "{\"sub\":\"u\",\"team_id\":\"team-1\",\"role\":\"admin\"}", null);
        HttpResponse<String> badRole = send("POST", "/local/token",
                "{\"sub\":\"u\",\"teams\":{\"" + UUID.randomUUID() + "\":\"superuser\"}}", null);

        assertThat(noSubject.statusCode()).isEqualTo(400);
        assertThat(json(noSubject).path("detail").path(0).path("loc").toString()).isEqualTo("[\"body\",\"sub\"]");
        assertThat(badTeam.statusCode()).isEqualTo(400);
        assertThat(json(badTeam).path("detail").path(0).path("loc").toString()).isEqualTo("[\"body\",\"team_id\"]");
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(json(badRole).path("error").asText()).isEqualTo("validation_error");
        assertThat(json(badRole).path("detail").path(0).path("msg").asText()).contains("admin", "viewer");
    }

    @Test
    void settingATierValidatesTeamAndTier() throws Exception {
        assertThat(send("PUT", "/local/teams/not-a-uuid", "{\"tier\":\"pro\"}", null).statusCode()).isEqualTo(400);
        HttpResponse<String> badTier = send("PUT", "/local/teams/" + UUID.randomUUID(), "{\"tier\":\"gold\"}", null);
        assertThat(badTier.statusCode()).isEqualTo(400);
        assertThat(json(badTier).path("detail").path(0).path("loc").toString()).isEqualTo("[\"body\",\"tier\"]");
    }

    @Test
    void anUnknownRouteIs404WithTheErrorShape() throws Exception {
        HttpResponse<String> response = send("GET", "/v1/nothing-here", null, null);

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo("not_found");
        assertThat(body.path("message").asText()).contains("/v1/nothing-here");
        assertThat(body.path("detail").isArray()).isTrue();
        assertThat(body.path("detail")).isEmpty();
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405() throws Exception {
        HttpResponse<String> response = send("PUT", "/v1/teams/" + UUID.randomUUID() + "/secrets", "{}", null);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(json(response).path("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void servesTheTemplateRoutesBesideTheDevEndpoints() {
        assertThat(server.routeKeys()).containsExactlyInAnyOrder(
                "GET /local/health", "GET " + LocalTokens.JWKS_PATH, "POST /local/token", "PUT /local/teams/{team_id}",
                "GET /local/audit", "GET /local/openapi.yaml", "POST /local/invoke/{function}", "POST /local/events",
                "POST /v1/teams/{team_id}/api-keys",
                "GET /v1/teams/{team_id}/api-keys",
                "GET /v1/teams/{team_id}/api-keys/{api_key_id}",
                "POST /v1/teams/{team_id}/api-keys/{api_key_id}/rotate",
                "POST /v1/teams/{team_id}/api-keys/{api_key_id}/revoke",
                "DELETE /v1/teams/{team_id}/api-keys/{api_key_id}",
                "POST /v1/teams/{team_id}/secrets",
                "GET /v1/teams/{team_id}/secrets",
                "GET /v1/teams/{team_id}/secrets/{secret_id}",
                "PATCH /v1/teams/{team_id}/secrets/{secret_id}",
                "DELETE /v1/teams/{team_id}/secrets/{secret_id}",
                "GET /v1/teams/{team_id}/secrets/{secret_id}/versions",
                "POST /v1/teams/{team_id}/secrets/{secret_id}/rollback",
                "POST /v1/teams/{team_id}/secrets/{secret_id}/verify",
                "POST /v1/teams/{team_id}/vault-connections",
                "GET /v1/teams/{team_id}/vault-connections",
                "GET /v1/teams/{team_id}/vault-connections/{connection_id}",
                "PATCH /v1/teams/{team_id}/vault-connections/{connection_id}",
                "DELETE /v1/teams/{team_id}/vault-connections/{connection_id}",
                "POST /v1/teams/{team_id}/vault-connections/{connection_id}/rotate",
                "POST /v1/teams/{team_id}/vault-connections/{connection_id}/test");
        // The audit relay too: locally the in-memory store hands events over itself, but a stream batch posted to
        // it is published to the local audit log as in AWS.
        assertThat(server.directFunctions()).containsExactly("ResolveSecretFunction", "TeamEventsFunction",
                "OrphanSweeperFunction", "NotifyExpiringSecretsFunction", "PublishAuditEventsFunction");
        assertThat(server.eventRules()).containsExactly("TeamEventsFunction.TeamEvents");
    }

    @Test
    void theAuditTrailShowsEachChangeWithItsRequestButNoCredential() throws Exception {
        UUID team = UUID.randomUUID();
        HttpResponse<String> created = createSecret(team, adminToken(team), "audited");
        assertThat(created.statusCode()).isEqualTo(201);
        String secretId = json(created).path("id").asText();

        HttpResponse<String> audit = send("GET", "/local/audit?team_id=" + team, null, null);

        assertThat(audit.statusCode()).isEqualTo(200);
        JsonNode events = json(audit).path("events");
        assertThat(events).hasSize(1);
        JsonNode event = events.path(0);
        assertThat(event.path("event_type").asText()).isEqualTo("secret_created");
        assertThat(event.path("team_id").asText()).isEqualTo(team.toString());
        assertThat(event.path("resource_type").asText()).isEqualTo("secret");
        assertThat(event.path("resource_id").asText()).isEqualTo(secretId);
        assertThat(event.path("resource_name").asText()).isEqualTo("audited");
        assertThat(event.path("actor").path("type").asText()).isEqualTo("user");
        assertThat(event.path("actor").path("id").asText()).isEqualTo("admin-1");
        // The request id API Gateway gave the request (the local server makes one per request), and where it came from.
        assertThat(UUID.fromString(event.path("request_id").asText())).isNotNull();
        assertThat(event.path("source_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(audit.body()).doesNotContain(SECRET_ACCESS_KEY).doesNotContain("AKIAIOSFODNN7EXAMPLE");

        HttpResponse<String> everything = send("GET", "/local/audit", null, null);
        assertThat(json(everything).path("events").findValuesAsText("resource_id")).contains(secretId);
        assertThat(everything.body()).doesNotContain(SECRET_ACCESS_KEY);
    }

    @Test
    void theAuditTrailQueryIsValidated() throws Exception {
        HttpResponse<String> badTeam = send("GET", "/local/audit?team_id=team-1", null, null);
        HttpResponse<String> unknown = send("GET", "/local/audit?since=yesterday", null, null);

        assertThat(badTeam.statusCode()).isEqualTo(400);
        assertThat(json(badTeam).path("detail").path(0).path("loc").toString()).isEqualTo("[\"query\",\"team_id\"]");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("detail").path(0).path("loc").toString()).isEqualTo("[\"query\",\"since\"]");
    }

    @Test
    void theOrphanSweeperRunsAndReportsItsSummary() throws Exception {
        UUID team = UUID.randomUUID();
        assertThat(createSecret(team, adminToken(team), "owned").statusCode()).isEqualTo(201);

        HttpResponse<String> swept = send("POST", "/local/invoke/OrphanSweeperFunction",
                "{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\", \"detail\": {}}", null);

        assertThat(swept.statusCode()).as(swept.body()).isEqualTo(200);
        JsonNode summary = json(swept);
        assertThat(summary.path("scanned").asInt()).isPositive();
        // Every parameter here belongs to a secret or connection (or is too young to judge): nothing to delete.
        assertThat(summary.path("deleted").asInt()).isZero();
        assertThat(summary.path("problems").asInt()).isZero();
        assertThat(summary.has("too_young")).isTrue();
    }

    @Test
    void resolvesTheCredentialsOfACreatedDirectSecret() throws Exception {
        UUID team = UUID.randomUUID();
        HttpResponse<String> created = createSecret(team, adminToken(team), "resolvable");
        assertThat(created.statusCode()).isEqualTo(201);
        String secretId = json(created).path("id").asText();

        HttpResponse<String> resolved = resolve("{\"team_id\":\"" + team + "\",\"secret_id\":\"" + secretId + "\"}");

        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(json(resolved)).isEqualTo(Databind.MAPPER.readTree("""
                {"secret_type": "s3", "auth_method": "s3_access_key",
                 "credentials": {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "%s"},
                 "version": 1}
                """.formatted(SECRET_ACCESS_KEY)));
    }

    @Test
    void resolvingAnUnknownSecretAnswersWithItsErrorCode() throws Exception {
        UUID team = UUID.randomUUID();
        UUID secret = UUID.randomUUID();

        HttpResponse<String> resolved = resolve("{\"team_id\":\"" + team + "\",\"secret_id\":\"" + secret + "\"}");

        // As with Lambda's Invoke API, the function ran: a 200 whose payload describes the failure.
        assertThat(resolved.statusCode()).isEqualTo(200);
        JsonNode error = json(resolved).path("error");
        assertThat(error.path("code").asText()).isEqualTo("secret_not_found");
        assertThat(error.path("message").asText()).contains(secret.toString());
        assertThat(error.path("retryable").asBoolean()).isFalse();
        assertThat(json(resolved).has("credentials")).isFalse();
    }

    @Test
    void anotherTeamsSecretDoesNotResolve() throws Exception {
        UUID team = UUID.randomUUID();
        HttpResponse<String> created = createSecret(team, adminToken(team), "mine");
        String secretId = json(created).path("id").asText();

        HttpResponse<String> resolved = resolve("{\"team_id\":\"" + UUID.randomUUID() + "\",\"secret_id\":\""
                + secretId + "\"}");

        assertThat(json(resolved).path("error").path("code").asText()).isEqualTo("secret_not_found");
        assertThat(resolved.body()).doesNotContain(SECRET_ACCESS_KEY);
    }

    @Test
    void invokingAnUnknownFunctionIs404AndABadPayload400() throws Exception {
        HttpResponse<String> unknown = send("POST", "/local/invoke/CreateSecretFunction", "{}", null);
        HttpResponse<String> badJson = resolve("{\"team_id\": ");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).isEqualTo("function_not_found");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(json(badJson).path("error").asText()).isEqualTo("invalid_json");
    }

    @Test
    void aVaultConnectionLivesThroughCreateListGetRenameRotateAndDelete() throws Exception {
        UUID team = UUID.randomUUID();
        String token = adminToken(team);
        String base = "/v1/teams/" + team + "/vault-connections";

        HttpResponse<String> created = createDopplerConnection(team, token, "Doppler Production");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(DOPPLER_TOKEN).doesNotContain("access_token");
        JsonNode connection = json(created);
        String id = connection.path("id").asText();
        assertThat(connection.path("name").asText()).isEqualTo("Doppler Production");
        assertThat(connection.path("vault_type").asText()).isEqualTo("doppler");
        assertThat(connection.path("project").asText()).isEqualTo("backend");
        assertThat(connection.path("config").asText()).isEqualTo("prd");
        assertThat(created.headers().firstValue("Location")).hasValue(base + "/" + id);

        HttpResponse<String> listed = send("GET", base, null, token);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(json(listed).path("data")).hasSize(1);
        assertThat(json(listed).path("data").path(0).path("id").asText()).isEqualTo(id);
        assertThat(json(listed).path("pagination").path("total").asInt()).isEqualTo(1);

        HttpResponse<String> got = send("GET", base + "/" + id, null, token);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(json(got).path("name").asText()).isEqualTo("Doppler Production");

        HttpResponse<String> renamed = send("PATCH", base + "/" + id, "{\"name\":\"Doppler Prod (EU)\"}", token);
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(json(renamed).path("name").asText()).isEqualTo("Doppler Prod (EU)");
        assertThat(json(send("GET", base + "/" + id, null, token)).path("name").asText())
                .isEqualTo("Doppler Prod (EU)");

        HttpResponse<String> rotated = send("POST", base + "/" + id + "/rotate",
                "{\"access_token\":\"" + DOPPLER_TOKEN_2 + "\"}", token);
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.body()).doesNotContain(DOPPLER_TOKEN_2);
        assertThat(json(rotated).path("id").asText()).isEqualTo(id);

        HttpResponse<String> deleted = send("DELETE", base + "/" + id, null, token);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        HttpResponse<String> gone = send("GET", base + "/" + id, null, token);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).path("error").asText()).isEqualTo("vault_connection_not_found");
        assertThat(json(send("GET", base, null, token)).path("data")).isEmpty();
    }

    @Test
    void aVaultConnectionInUseByASecretCannotBeDeleted() throws Exception {
        UUID team = UUID.randomUUID();
        String token = adminToken(team);
        String base = "/v1/teams/" + team + "/vault-connections";
        String connectionId = json(createDopplerConnection(team, token, "doppler")).path("id").asText();
        HttpResponse<String> secret = send("POST", "/v1/teams/" + team + "/secrets", """
                {"name": "s3-from-doppler", "secret_type": "s3", "auth_method": "s3_access_key",
                 "vault_connection_id": "%s",
                 "field_mappings": [{"field_name": "access_key_id", "reference": "AWS_ACCESS_KEY_ID"},
                                    {"field_name": "secret_access_key", "reference": "AWS_SECRET_ACCESS_KEY"}]}
                """.formatted(connectionId), token);
        assertThat(secret.statusCode()).isEqualTo(201);
        assertThat(json(secret).path("vault_connection_id").asText()).isEqualTo(connectionId);

        HttpResponse<String> refused = send("DELETE", base + "/" + connectionId, null, token);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).path("error").asText()).isEqualTo("vault_connection_in_use");
        assertThat(send("GET", base + "/" + connectionId, null, token).statusCode()).isEqualTo(200);

        // Once the secret is gone, so may the connection be.
        String secretId = json(secret).path("id").asText();
        assertThat(send("DELETE", "/v1/teams/" + team + "/secrets/" + secretId, null, token).statusCode())
                .isEqualTo(204);
        assertThat(send("DELETE", base + "/" + connectionId, null, token).statusCode()).isEqualTo(204);
    }

    private static HttpResponse<String> createDopplerConnection(UUID team, String token, String name)
            throws Exception {
        String body = """
                {"name": "%s", "vault_type": "doppler", "access_token": "%s", "project": "backend", "config": "prd"}
                """.formatted(name, DOPPLER_TOKEN);
        return send("POST", "/v1/teams/" + team + "/vault-connections", body, token);
    }

    private static HttpResponse<String> resolve(String payload) throws Exception {
        return send("POST", "/local/invoke/ResolveSecretFunction", payload, null);
    }

    private static HttpResponse<String> createSecret(UUID team, String token, String name) throws Exception {
        String body = """
                {"name": "%s", "secret_type": "s3", "auth_method": "s3_access_key",
                 "credentials": {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "%s"}}
                """.formatted(name, SECRET_ACCESS_KEY);
        return send("POST", "/v1/teams/" + team + "/secrets", body, token);
    }

    private static String adminToken(UUID team) throws Exception {
        return token("{\"sub\":\"admin-1\",\"team_id\":\"" + team + "\",\"role\":\"admin\"}");
    }

    private static String token(String request) throws Exception {
        HttpResponse<String> response = send("POST", "/local/token", request, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).path("access_token").asText();
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        return TestHttp.send(server.baseUri(), method, path, body, token);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Databind.MAPPER.readTree(response.body());
    }
}
