package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples in events/ (what {@code sam local invoke -e} and the handler tests use) fit the template's routes and
 * are accepted by the real handlers: replayed against the local server with a real token in place of the
 * placeholder, their answers as docs/openapi.yaml describes them.
 */
class EventSamplesTest {

    private static final String TEAM = "3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71";
    private static final String SAMPLE_CONNECTION = "5d7c9e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6";
    private static final String STAGE = "/dev";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Path events;
    private static List<TemplateRoute> routes;
    private static LocalApiServer server;

    @BeforeAll
    static void start() throws IOException {
        Path template = TemplateRoutes.locate(null, Path.of(""));
        events = template.getParent().resolve("events");
        routes = TemplateRoutes.read(template);
        server = LocalApiServer.start(0, template, LocalStorage.inMemory());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyApiGatewaySampleNamesARouteOfTheTemplateAndFitsItsPath() throws IOException {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(events)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode event = Databind.MAPPER.readTree(file.toFile());
                if (!event.has("routeKey")) {
                    continue; // a direct-invoke payload or another service's event, not API Gateway's
                }
                String routeKey = event.path("routeKey").asText();
                TemplateRoute route = routes.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst()
                        .orElseThrow(() -> new AssertionError(file.getFileName() + ": no route " + routeKey));
                JsonNode context = event.path("requestContext");
                assertThat(context.path("routeKey").asText()).as(file.getFileName().toString()).isEqualTo(routeKey);
                assertThat(context.path("http").path("method").asText()).isEqualTo(route.method());
                assertThat(context.path("http").path("path").asText()).isEqualTo(event.path("rawPath").asText());
                String path = event.path("rawPath").asText().substring(STAGE.length());
                Map<String, String> parameters = PathTemplate.of(route.path()).match(path).orElseThrow(
                        () -> new AssertionError(file.getFileName() + ": " + path + " does not fit " + route.path()));
                assertThat(Databind.MAPPER.convertValue(event.path("pathParameters"), Map.class))
                        .as(file.getFileName() + " pathParameters").isEqualTo(parameters);
                if (event.has("body")) {
                    assertThat(event.path("headers").path("content-length").asInt())
                            .as(file.getFileName() + " content-length")
                            .isEqualTo(event.path("body").asText().getBytes(StandardCharsets.UTF_8).length);
                }
                checked.add(file.getFileName().toString());
            }
        }
        assertThat(checked).contains("create-vault-connection.json", "list-vault-connections.json",
                "get-vault-connection.json", "update-vault-connection.json", "rotate-vault-connection.json",
                "test-vault-connection.json", "delete-vault-connection.json", "create-secret.json");
    }

    @Test
    void theVaultConnectionSamplesDriveTheirHandlers() throws Exception {
        String token = adminToken();
        HttpResponse<String> created = replay("create-vault-connection.json", token, null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("dp.st.");
        String id = Databind.MAPPER.readTree(created.body()).path("id").asText();

        HttpResponse<String> listed = replay("list-vault-connections.json", token, id);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(Databind.MAPPER.readTree(listed.body()).path("data").path(0).path("id").asText()).isEqualTo(id);
        assertThat(replay("get-vault-connection.json", token, id).statusCode()).isEqualTo(200);
        HttpResponse<String> updated = replay("update-vault-connection.json", token, id);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(Databind.MAPPER.readTree(updated.body()).path("name").asText())
                .isEqualTo("Doppler Production (backend)");
        HttpResponse<String> rotated = replay("rotate-vault-connection.json", token, id);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.body()).doesNotContain("dp.st.");
        // (test-vault-connection.json would call Doppler itself: its route and path are checked above.)
        assertThat(replay("delete-vault-connection.json", token, id).statusCode()).isEqualTo(204);
        assertThat(replay("get-vault-connection.json", token, id).statusCode()).isEqualTo(404);
    }

    @Test
    void theResolveSampleIsADirectInvokePayload() throws Exception {
        JsonNode payload = Databind.MAPPER.readTree(events.resolve("resolve-secret.json").toFile());
        assertThat(payload).isEqualTo(Databind.MAPPER.readTree(
                "{\"team_id\":\"" + TEAM + "\",\"secret_id\":\"9b2e4f60-1c3d-4a5b-8e7f-0a1b2c3d4e5f\"}"));

        HttpResponse<String> response = invoke(payload.toString());

        // Its secret does not exist on a fresh server: the function answers with the error, not a failure.
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Databind.MAPPER.readTree(response.body()).path("error").path("code").asText())
                .isEqualTo("secret_not_found");

        HttpResponse<String> created = replay("create-secret.json", adminToken(), null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ObjectNode forCreated = payload.deepCopy();
        forCreated.put("secret_id", Databind.MAPPER.readTree(created.body()).path("id").asText());
        JsonNode resolved = Databind.MAPPER.readTree(invoke(forCreated.toString()).body());
        assertThat(resolved.path("secret_type").asText()).isEqualTo("s3");
        assertThat(resolved.path("credentials").path("access_key_id").asText()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
    }

    /** Sends the sample as the HTTP request it describes, with {@code token} and, if given, another connection id. */
    private static HttpResponse<String> replay(String sample, String token, String connectionId) throws Exception {
        JsonNode event = Databind.MAPPER.readTree(events.resolve(sample).toFile());
        String path = event.path("rawPath").asText().substring(STAGE.length());
        if (connectionId != null) {
            path = path.replace(SAMPLE_CONNECTION, connectionId);
        }
        String query = event.path("rawQueryString").asText();
        String body = event.path("body").isTextual() ? event.path("body").asText() : null;
        assertThat(body == null || event.path("headers").path("content-type").asText().equals("application/json"))
                .as(sample + " sends JSON").isTrue();
        // As TestHttp sends it (JSON, bearer token), which also checks the answer against docs/openapi.yaml.
        return TestHttp.send(server.baseUri(), event.path("requestContext").path("http").path("method").asText(),
                path + (query.isEmpty() ? "" : "?" + query), body, token);
    }

    private static HttpResponse<String> invoke(String payload) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/local/invoke/ResolveSecretFunction"))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String adminToken() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                        URI.create(server.baseUri() + "/local/token"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sub\":\"admin-1\",\"team_id\":\"" + TEAM + "\",\"role\":\"admin\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Databind.MAPPER.readTree(response.body()).path("access_token").asText();
    }
}
