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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EventBridge samples of events/ (what {@code sam local invoke -e} and the handler tests use) fit the template:
 * each is taken by one of its rules (with the parameters' defaults) or is the event of one of its schedules, and
 * drives the function. A server of its own: the samples delete their team.
 */
class EventBridgeSamplesTest {

    private static final String TEAM = "3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Path events;
    private static JsonNode template;
    private static List<TemplateEventRule> rules;
    private static LocalApiServer server;

    @BeforeAll
    static void start() throws IOException {
        Path file = TemplateRoutes.locate(null, Path.of(""));
        events = file.getParent().resolve("events");
        template = CloudFormationYaml.read(file);
        rules = TemplateRoutes.readEventRules(file);
        server = LocalApiServer.start(0, file, LocalStorage.inMemory());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyEventBridgeSampleIsTakenByARuleOrIsAScheduleOfTheTemplate() throws IOException {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(events)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode event = Databind.MAPPER.readTree(file.toFile());
                if (!event.has("detail-type")) {
                    continue; // API Gateway's events and direct-invoke payloads: EventSamplesTest
                }
                String name = file.getFileName().toString();
                assertThat(LocalEventBus.envelope(event)).as(name).isNotNull();
                for (String field : List.of("version", "id", "source", "account", "time", "region")) {
                    assertThat(event.path(field).isTextual()).as(name + " " + field).isTrue();
                }
                assertThat(event.path("resources").isArray()).as(name + " resources").isTrue();
                String source = event.path("source").asText();
                String detailType = event.path("detail-type").asText();
                if (source.equals("aws.events") && detailType.equals("Scheduled Event")) {
                    assertThat(scheduledFunctions()).as(name + ": a function with a Schedule event").isNotEmpty();
                } else {
                    assertThat(rules.stream().filter(rule -> rule.takes(source, detailType).isPresent()))
                            .as(name + ": a rule taking " + detailType + " from " + source).hasSize(1);
                }
                checked.add(name);
            }
        }
        assertThat(checked).contains("team-created.json", "team-plan-changed.json", "team-deleted.json",
                "team-deletion-continued.json", "orphan-sweep.json");
    }

    @Test
    void theTeamSamplesDriveTheTeamLifecycleInOrder() throws Exception {
        assertThat(deliver("team-created.json").path("action").asText()).isEqualTo("created");
        String token = adminToken();
        for (int i = 1; i <= 5; i++) {
            assertThat(createSecret(token, "sample-" + i).statusCode()).isEqualTo(201);
        }
        assertThat(createSecret(token, "sample-6").statusCode()).isEqualTo(403);

        assertThat(deliver("team-plan-changed.json").path("action").asText()).isEqualTo("plan_changed");
        assertThat(createSecret(token, "sample-6").statusCode()).isEqualTo(201);

        JsonNode deleted = deliver("team-deleted.json");
        assertThat(deleted.path("action").asText()).isEqualTo("deleted");
        assertThat(deleted.path("secrets_deleted").asInt()).isEqualTo(6);
        assertThat(createSecret(token, "sample-7").statusCode()).isEqualTo(403);

        // A continuation after the deletion finished (at-least-once delivery) finds nothing left to do.
        JsonNode continued = deliver("team-deletion-continued.json");
        assertThat(continued.path("action").asText()).isEqualTo("deleted");
        assertThat(continued.path("secrets_deleted").asInt()).isZero();
    }

    @Test
    void theScheduleSampleRunsTheSweeper() throws Exception {
        String function = scheduledFunctions().get(0);
        HttpResponse<String> response = post("/local/invoke/" + function,
                Files.readString(events.resolve("orphan-sweep.json")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Databind.MAPPER.readTree(response.body()).path("deleted").isInt()).isTrue();
    }

    /** The functions with a Schedule event, in template order. */
    private static List<String> scheduledFunctions() {
        List<String> functions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            for (JsonNode event : resource.getValue().path("Properties").path("Events")) {
                if ("Schedule".equals(event.path("Type").asText())) {
                    functions.add(resource.getKey());
                }
            }
        }
        return functions;
    }

    private static JsonNode deliver(String sample) throws Exception {
        HttpResponse<String> response = post("/local/events", Files.readString(events.resolve(sample)));
        assertThat(response.statusCode()).as(sample + ": " + response.body()).isEqualTo(200);
        return Databind.MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> createSecret(String token, String name) throws Exception {
        String body = """
                {"name": "%s", "secret_type": "r2", "auth_method": "r2_access_key",
                 "credentials": {"access_key_id": "k", "secret_access_key": "s"}}
                """.formatted(name);
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v1/teams/" + TEAM + "/secrets"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String adminToken() throws Exception {
        HttpResponse<String> response = post("/local/token",
                "{\"sub\":\"admin-1\",\"team_id\":\"" + TEAM + "\",\"role\":\"admin\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        return Databind.MAPPER.readTree(response.body()).path("access_token").asText();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
