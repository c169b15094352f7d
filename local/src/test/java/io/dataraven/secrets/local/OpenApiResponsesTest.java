package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real responses against docs/openapi.yaml: the local server (real template, handlers, JWT checks, in-memory
 * stores, Doppler behind a stub on loopback) answers requests for every route over HTTP, and each answer's status
 * must be documented for its route, its body must fit that status's schema and its required headers must be there.
 * Every documented status of every route is produced, except those listed in {@link #NOT_REPRODUCIBLE} with why.
 */
class OpenApiResponsesTest {

    private static final OpenApiDocument DOC = OpenApiDocument.packaged();
    private static final String SECRETS = "/v1/teams/{team_id}/secrets";
    private static final String SECRET = SECRETS + "/{secret_id}";
    private static final String CONNECTIONS = "/v1/teams/{team_id}/vault-connections";
    private static final String CONNECTION = CONNECTIONS + "/{connection_id}";
    private static final String API_KEYS = "/v1/teams/{team_id}/api-keys";
    private static final String API_KEY = API_KEYS + "/{api_key_id}";
    private static final String GOOD_DOPPLER_TOKEN = "dp.st.prd.3bJq8vX2kLmN5pR7tW9yZ1aC4eG6iK8oQ0sU2wY4";
    private static final String REVOKED_DOPPLER_TOKEN = "dp.st.prd.7hD2fJ4lN6pR8tV0xZ2bD4fH6jL8nP0rT2vX4zB6";
    private static final String S3_CREDENTIALS = """
            {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
            """;

    /**
     * Statuses a local run cannot bring about: storage and token-key outages (503), our own faults (500), API
     * Gateway's throttling (429), and conflicts that need two requests to interleave inside one write (a secret
     * changed while it is deleted, a connection while it is rotated, a key while it is revoked or deleted); the
     * storage tests cover those.
     */
    private static final Set<String> NOT_REPRODUCIBLE = Set.of("429", "500", "503",
            "DELETE " + SECRET + " 409", "POST " + CONNECTION + "/rotate 409", "POST " + SECRET + "/rollback 409",
            "DELETE " + API_KEY + " 409", "POST " + API_KEY + "/revoke 409");

    private static HttpServer doppler;
    private static LocalApiServer server;
    private static List<TemplateRoute> routes;
    private static Path template;
    private static final Set<String> produced = new TreeSet<>();

    @BeforeAll
    static void start() throws IOException {
        // Doppler's connection check: names of the config's secrets, for the one token it knows.
        doppler = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        doppler.createContext("/v3/configs/config/secrets/names", exchange -> {
            boolean known = ("Bearer " + GOOD_DOPPLER_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (known ? "{\"names\":[],\"success\":true}"
                    : "{\"messages\":[\"Invalid Service token\"],\"success\":false}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(known ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // STS for verify: GetCallerIdentity's answer for any signed request (the stand-in checks no signature).
        doppler.createContext("/sts/", exchange -> {
            byte[] body = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/transfers</Arn>"
                    + "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        doppler.start();
        template = TemplateRoutes.locate(null, Path.of(""));
        routes = TemplateRoutes.read(template);
        String standIn = "http://127.0.0.1:" + doppler.getAddress().getPort();
        server = LocalApiServer.start(0, template, TestHttp.manyRequests(Map.of("DOPPLER_API_URL", standIn,
                "VERIFY_STS_URL", standIn + "/sts", "VERIFY_ALLOW_PRIVATE_ENDPOINTS", "true")));
    }

    @AfterAll
    static void stop() {
        server.close();
        doppler.stop(0);
    }

    @Test
    void theLocalServerServesTheDocumentAsDocsHasIt() throws Exception {
        HttpResponse<String> served = TestHttp.send(server.baseUri(), "GET", DevEndpoints.OPENAPI_PATH, null, null);

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/yaml; charset=utf-8");
        assertThat(served.body()).isEqualTo(Files.readString(template.getParent().resolve("docs/openapi.yaml")));
    }

    @Test
    void everyDocumentedStatusOfEveryRouteIsProducedAndFitsTheDocument() throws Exception {
        produced.clear();
        everyRouteRefusesBadCallers();
        secrets();
        vaultConnections();
        apiKeys();
        idempotencyKeys();

        List<String> missing = new ArrayList<>();
        for (TemplateRoute route : routes) {
            JsonNode operation = DOC.operation(route.method(), route.path()).orElseThrow();
            for (String status : (Iterable<String>) () -> operation.path("responses").fieldNames()) {
                String key = route.routeKey() + " " + status;
                if (!produced.contains(key) && !NOT_REPRODUCIBLE.contains(status) && !NOT_REPRODUCIBLE.contains(key)) {
                    missing.add(key);
                }
            }
        }
        assertThat(missing).as("documented but never produced").isEmpty();
    }

    /**
     * 401 without a token, 400 for a team id that is no UUID, 403 below the role or outside the team, 413, and 415
     * for a body of another media type.
     */
    private static void everyRouteRefusesBadCallers() throws Exception {
        UUID team = UUID.randomUUID();
        for (TemplateRoute route : routes) {
            String path = route.path().replace("{team_id}", team.toString())
                    .replaceAll("\\{[a-z_]+}", UUID.randomUUID().toString());
            boolean hasBody = DOC.operation(route.method(), route.path()).orElseThrow().has("requestBody");
            String body = hasBody ? "{}" : null;
            Role minimum = OperationRolesTest.operationOf(route).minimum();
            call(route.method(), path, body, null, 401);
            call(route.method(), path.replace(team.toString(), "not-a-team"), body,
                    token(team, Role.OWNER), 400);
            call(route.method(), path, body,
                    minimum == Role.VIEWER ? token(UUID.randomUUID(), Role.OWNER) : token(team, Role.VIEWER), 403);
            if (hasBody) {
                call(route.method(), path, "{\"name\": \"" + "x".repeat(70 * 1024) + "\"}",
                        token(team, Role.OWNER), 413);
                HttpResponse<String> typed = TestHttp.sendBytes(server.baseUri(), route.method(), path,
                        "{}".getBytes(StandardCharsets.UTF_8), "text/plain", token(team, Role.OWNER));
                assertThat(typed.statusCode()).as(route.routeKey()).isEqualTo(415);
                produced.add(route.routeKey() + " 415");
            }
        }
    }

    private static void secrets() throws Exception {
        UUID team = UUID.randomUUID();
        String admin = token(team, Role.ADMIN);
        String secrets = SECRETS.replace("{team_id}", team.toString());

        JsonNode created = call("POST", secrets, """
                {"name": "prod-s3-backups", "description": "Nightly", "secret_type": "s3", "auth_method": "s3_access_key",
                 "credentials": %s}""".formatted(S3_CREDENTIALS), admin, 201);
        String secret = secrets + "/" + created.path("id").asText();
        call("POST", secrets, """
                {"name": "azure", "secret_type": "azure_blob", "auth_method": "azure_sas_url",
                 "credentials": {"sas_url": "https://acme.blob.core.windows.net/c?sv=2022-11-02&sig=abc"}}""",
                admin, 201);
        call("POST", secrets, "{\"name\": \"PROD-S3-BACKUPS \", \"secret_type\": \"s3\", "
                + "\"auth_method\": \"s3_access_key\", \"credentials\": " + S3_CREDENTIALS + "}", admin, 409);
        call("POST", secrets, """
                {"name": "", "secret_type": "s3", "auth_method": "azure_sas_url", "credentials": {"sas_url": 1}}""",
                admin, 400);
        call("POST", secrets, "{\"name\": ", admin, 400);
        call("POST", secrets, "[]", admin, 400);
        call("POST", secrets, """
                {"name": "nowhere", "secret_type": "s3", "auth_method": "s3_access_key",
                 "vault_connection_id": "%s",
                 "field_mappings": [{"field_name": "access_key_id", "reference": "AWS_ACCESS_KEY_ID"},
                                    {"field_name": "secret_access_key", "reference": "AWS_SECRET_ACCESS_KEY"}]}"""
                .formatted(UUID.randomUUID()), admin, 404);

        call("GET", secrets, null, token(team, Role.VIEWER), 200);
        call("GET", secrets + "?q=prod&secret_type=s3&page=1&limit=10&sort_by=name&sort_order=asc", null,
                admin, 200);
        call("GET", secrets + "?limit=500&colour=blue", null, admin, 400);
        call("GET", secret, null, admin, 200);
        call("GET", secrets + "/" + UUID.randomUUID(), null, admin, 404);
        call("GET", secrets + "/not-an-id", null, admin, 400);

        call("PATCH", secret, "{\"name\": \"prod-s3-backups-eu\", \"description\": null}", admin, 200);
        call("PATCH", secret, "{\"credentials\": " + S3_CREDENTIALS + "}", admin, 200);
        // Two credential writes so far (the create, the rotation): versions 1 and 2.
        JsonNode versions = call("GET", secret + "/versions", null, token(team, Role.VIEWER), 200);
        assertThat(versions.path("data").findValuesAsText("version")).containsExactly("2", "1");
        call("GET", secret + "/versions?page=2&limit=1", null, admin, 200);
        call("GET", secret + "/versions?sort_by=name", null, admin, 400);
        call("GET", secrets + "/" + UUID.randomUUID() + "/versions", null, admin, 404);
        assertThat(call("POST", secret + "/rollback", "{\"version\": 1}", admin, 200).path("current_version")
                .asLong()).isEqualTo(1);
        call("POST", secret + "/rollback", "{\"version\": 99}", admin, 404);
        call("POST", secret + "/rollback", "{\"version\": 0}", admin, 400);
        call("POST", secrets + "/" + UUID.randomUUID() + "/rollback", "{\"version\": 1}", admin, 404);
        // Verify: through the settings' STS stand-in; an R2 secret needs its endpoint in the body.
        JsonNode verified = call("POST", secret + "/verify", null, token(team, Role.OPERATOR), 200);
        assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(call("GET", secret, null, admin, 200).path("last_verification").path("ok").asBoolean()).isTrue();
        call("POST", secret + "/verify", "{\"endpoint_url\": \"https://example.com\"}", admin, 400);
        call("POST", secrets + "/" + UUID.randomUUID() + "/verify", null, admin, 404);
        call("PATCH", secret, "{}", admin, 400);
        call("PATCH", secret, "{\"vault_connection_id\": \"" + UUID.randomUUID() + "\"}", admin, 400);
        call("PATCH", secret, "{\"name\": \"azure\"}", admin, 409);
        call("PATCH", secrets + "/" + UUID.randomUUID(), "{\"name\": \"x\"}", admin, 404);

        call("DELETE", secret, null, admin, 204);
        call("DELETE", secret, null, admin, 404);

        // Free: 5 secrets (one left after the delete: four more), then the tier's 403.
        for (int i = 1; i <= 4; i++) {
            call("POST", secrets, "{\"name\": \"s-" + i + "\", \"secret_type\": \"r2\", "
                    + "\"auth_method\": \"r2_access_key\", \"credentials\": " + S3_CREDENTIALS + "}", admin, 201);
        }
        call("POST", secrets, "{\"name\": \"s-5\", \"secret_type\": \"r2\", \"auth_method\": "
                + "\"r2_access_key\", \"credentials\": " + S3_CREDENTIALS + "}", admin, 403);
    }

    private static void vaultConnections() throws Exception {
        UUID team = UUID.randomUUID();
        String admin = token(team, Role.ADMIN);
        String connections = CONNECTIONS.replace("{team_id}", team.toString());

        String doppler = connections + "/" + call("POST", connections, """
                {"name": "Doppler Production", "vault_type": "doppler", "access_token": "%s",
                 "project": "backend", "config": "prd"}""".formatted(GOOD_DOPPLER_TOKEN), admin, 201)
                .path("id").asText();
        // Free: one connection.
        call("POST", connections, """
                {"name": "1Password", "vault_type": "onepassword", "access_token": "ops_abc"}""", admin, 403);
        assertThat(TestHttp.send(server.baseUri(), "PUT", "/local/teams/" + team, "{\"tier\": \"pro\"}", null)
                .statusCode()).isEqualTo(200);
        call("POST", connections, """
                {"name": "1Password", "vault_type": "onepassword", "access_token": "ops_abc"}""", admin, 201);
        String infisical = connections + "/" + call("POST", connections, """
                {"name": "Infisical", "vault_type": "infisical", "client_id": "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
                 "client_secret": "st.abc", "project_id": "0a9b8c7d", "environment": "prod"}""", admin, 201)
                .path("id").asText();
        call("POST", connections, """
                {"name": "doppler production", "vault_type": "doppler", "access_token": "%s",
                 "project": "p", "config": "c"}""".formatted(GOOD_DOPPLER_TOKEN), admin, 409);
        call("POST", connections, """
                {"name": "bad", "vault_type": "doppler", "access_token": "ops_wrong", "secret_path": "/x"}""",
                admin, 400);

        call("GET", connections, null, token(team, Role.VIEWER), 200);
        call("GET", connections + "?vault_type=doppler&sort_by=name", null, admin, 200);
        call("GET", connections + "?vault_type=vault", null, admin, 400);
        call("GET", doppler, null, admin, 200);
        call("GET", infisical, null, admin, 200);
        call("GET", connections + "/" + UUID.randomUUID(), null, admin, 404);

        call("PATCH", doppler, "{\"name\": \"Doppler Production (backend)\", \"description\": \"d\"}",
                admin, 200);
        call("PATCH", doppler, "{\"project\": \"other\"}", admin, 400);
        call("PATCH", doppler, "{}", admin, 400);
        call("PATCH", doppler, "{\"name\": \"Infisical\"}", admin, 409);
        call("PATCH", connections + "/" + UUID.randomUUID(), "{\"name\": \"x\"}", admin, 404);

        call("POST", doppler + "/test", null, token(team, Role.OPERATOR), 200);
        call("POST", doppler + "/rotate",
                "{\"access_token\": \"" + REVOKED_DOPPLER_TOKEN + "\"}", admin, 200);
        JsonNode failed = call("POST", doppler + "/test", null, admin, 200);
        assertThat(failed.path("reason").asText()).isEqualTo("auth_failed");
        call("POST", connections + "/" + UUID.randomUUID() + "/test", null, admin, 404);
        call("POST", infisical + "/rotate", "{\"client_secret\": \"st.new\"}", admin, 200);
        call("POST", infisical + "/rotate", "{\"access_token\": \"ops_x\"}", admin, 400);
        call("POST", connections + "/" + UUID.randomUUID() + "/rotate",
                "{\"access_token\": \"ops_x\"}", admin, 404);

        String secret = "/v1/teams/" + team + "/secrets/" + call("POST", "/v1/teams/" + team + "/secrets", """
                {"name": "from-doppler", "secret_type": "s3", "auth_method": "s3_access_key",
                 "vault_connection_id": "%s",
                 "field_mappings": [{"field_name": "access_key_id", "reference": "AWS_ACCESS_KEY_ID"},
                                    {"field_name": "secret_access_key", "reference": "AWS_SECRET_ACCESS_KEY"}]}"""
                .formatted(doppler.substring(doppler.lastIndexOf('/') + 1)), admin, 201).path("id").asText();
        call("GET", secret, null, admin, 200);
        call("GET", "/v1/teams/" + team + "/secrets", null, admin, 200);
        call("PATCH", secret, """
                {"field_mappings": [{"field_name": "access_key_id", "reference": "AWS_KEY_ID"},
                                    {"field_name": "secret_access_key", "reference": "AWS_SECRET"}]}""", admin, 200);
        call("DELETE", doppler, null, admin, 409);
        call("DELETE", secret, null, admin, 204);
        call("DELETE", doppler, null, admin, 204);
        call("DELETE", doppler, null, admin, 404);
    }

    /** Keys minted, listed, used on other routes (scopes), rotated, revoked and deleted, over HTTP. */
    private static void apiKeys() throws Exception {
        UUID team = UUID.randomUUID();
        String admin = token(team, Role.ADMIN);
        String keys = API_KEYS.replace("{team_id}", team.toString());
        String secrets = SECRETS.replace("{team_id}", team.toString());

        JsonNode created = call("POST", keys, """
                {"name": "terraform", "scopes": ["secrets:read", "secrets:create"]}""", admin, 201);
        String fullKey = created.path("full_key").asText();
        String key = keys + "/" + created.path("id").asText();
        call("POST", keys, """
                {"name": "ci", "scopes": ["secrets:read"], "expires_at": "2099-01-01T00:00:00Z"}""", admin, 201);
        // Free: two active keys.
        call("POST", keys, "{\"name\": \"third\", \"scopes\": [\"secrets:read\"]}", admin, 403);
        call("POST", keys, "{\"name\": \"\", \"scopes\": [\"tasks:run\"]}", admin, 400);
        call("GET", keys, null, admin, 200);
        call("GET", keys + "?include_revoked=false&sort_by=last_used_at&q=terra", null, admin, 200);
        call("GET", keys + "?sort_by=updated_at", null, admin, 400);

        // The key at work: its scopes on other routes, and no key management.
        call("GET", secrets, null, fullKey, 200);
        call("DELETE", secrets + "/" + UUID.randomUUID(), null, fullKey, 403);
        call("GET", keys, null, fullKey, 403);
        JsonNode used = call("GET", key, null, admin, 200);
        assertThat(used.path("last_used_at").isNull()).isFalse();
        assertThat(used.toString()).doesNotContain(fullKey.substring(16));
        call("GET", keys + "/" + UUID.randomUUID(), null, admin, 404);
        call("GET", keys + "/not-an-id", null, admin, 400);

        String rotatedKey = call("POST", key + "/rotate", null, admin, 200).path("full_key").asText();
        call("GET", secrets, null, fullKey, 401);
        call("GET", secrets, null, rotatedKey, 200);
        call("POST", keys + "/" + UUID.randomUUID() + "/rotate", null, admin, 404);
        call("POST", key + "/revoke", null, admin, 200);
        call("GET", secrets, null, rotatedKey, 401);
        call("POST", key + "/rotate", null, admin, 409);
        call("POST", keys + "/" + UUID.randomUUID() + "/revoke", null, admin, 404);
        call("DELETE", key, null, admin, 204);
        call("DELETE", key, null, admin, 404);
    }

    /**
     * The three writes that take an Idempotency-Key: a replay is the first response again; another body (secret
     * values aside) or another target a 422.
     */
    private static void idempotencyKeys() throws Exception {
        UUID team = UUID.randomUUID();
        String admin = token(team, Role.ADMIN);
        String secrets = SECRETS.replace("{team_id}", team.toString());
        String connections = CONNECTIONS.replace("{team_id}", team.toString());
        String secret = "{\"name\": \"keyed\", \"secret_type\": \"s3\", \"auth_method\": \"s3_access_key\", "
                + "\"credentials\": " + S3_CREDENTIALS + "}";
        String doppler = "{\"name\": \"Doppler\", \"vault_type\": \"doppler\", \"access_token\": \""
                + GOOD_DOPPLER_TOKEN + "\", \"project\": \"backend\", \"config\": \"prd\"}";
        String rotation = "{\"access_token\": \"" + GOOD_DOPPLER_TOKEN + "\"}";
        replays(secrets, secret, admin, 201);
        call("POST", secrets, secret.replace("keyed", "other"), admin, Map.of("Idempotency-Key", "key-" + secrets),
                422);
        call("POST", secrets, secret, admin, Map.of("Idempotency-Key", "not a key"), 400);
        String connection = connections + "/" + replays(connections, doppler, admin, 201).path("id").asText();
        call("POST", connections, doppler.replace("\"Doppler\"", "\"Other\""), admin,
                Map.of("Idempotency-Key", "key-" + connections), 422);
        call("POST", connections, doppler, admin, Map.of("Idempotency-Key", "x".repeat(256)), 400);
        replays(connection + "/rotate", rotation, admin, 200);
        // A rotation's body is all secret values, which the fingerprint never holds: another token under the key is
        // a replay; the key on another connection is a 422.
        HttpResponse<String> otherToken = TestHttp.send(server.baseUri(), "POST", connection + "/rotate",
                "{\"access_token\": \"" + REVOKED_DOPPLER_TOKEN + "\"}", admin,
                Map.of("Idempotency-Key", "key-" + connection + "/rotate"));
        assertThat(otherToken.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(TestHttp.send(server.baseUri(), "PUT", "/local/teams/" + team, "{\"tier\": \"pro\"}", null)
                .statusCode()).isEqualTo(200);
        String second = connections + "/" + call("POST", connections, doppler.replace("\"Doppler\"", "\"Second\""),
                admin, 201).path("id").asText();
        call("POST", second + "/rotate", rotation, admin,
                Map.of("Idempotency-Key", "key-" + connection + "/rotate"), 422);
        call("POST", connection + "/rotate", rotation, admin, Map.of("Idempotency-Key", "with space"), 400);
    }

    /** The request twice with one key: the same status, body and Location, the second marked as replayed. */
    private static JsonNode replays(String path, String body, String token, int status) throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "key-" + path);
        JsonNode first = call("POST", path, body, token, key, status);
        HttpResponse<String> again = TestHttp.send(server.baseUri(), "POST", path, body, token, key);
        assertThat(again.statusCode()).isEqualTo(status);
        assertThat(Databind.MAPPER.readTree(again.body())).isEqualTo(first);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        if (status == 201) {
            assertThat(again.headers().firstValue("Location")).hasValueSatisfying(l ->
                    assertThat(l).endsWith(path + "/" + first.path("id").asText()));
        }
        return first;
    }

    /** Sends the request and expects {@code status}; {@link TestHttp} checks the answer against the document. */
    private static JsonNode call(String method, String path, String body, String token, int status)
            throws Exception {
        return call(method, path, body, token, Map.of(), status);
    }

    private static JsonNode call(String method, String path, String body, String token, Map<String, String> headers,
                                 int status) throws Exception {
        HttpResponse<String> response = TestHttp.send(server.baseUri(), method, path, body, token, headers);
        assertThat(response.statusCode()).as(method + " " + path + " -> " + response.body()).isEqualTo(status);
        String route = DOC.route(method, response.uri().getRawPath()).orElseThrow();
        produced.add(method + " " + route + " " + status);
        return response.body().isEmpty() ? null : Databind.MAPPER.readTree(response.body());
    }

    private static String token(UUID team, Role role) throws Exception {
        HttpResponse<String> minted = TestHttp.send(server.baseUri(), "POST", "/local/token",
                "{\"sub\":\"user-" + role.wire() + "\",\"team_id\":\"" + team + "\",\"role\":\"" + role.wire() + "\"}",
                null);
        assertThat(minted.statusCode()).isEqualTo(200);
        return Databind.MAPPER.readTree(minted.body()).path("access_token").asText();
    }
}
