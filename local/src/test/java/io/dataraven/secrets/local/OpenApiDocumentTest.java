package io.dataraven.secrets.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.auth.Operation;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.yaml on its own: it describes exactly template.yaml's routes, each as the operation its handler
 * performs with that operation's minimum role, every reference in it resolves, and every example fits its schema.
 */
class OpenApiDocumentTest {

    private static final OpenApiDocument DOC = OpenApiDocument.packaged();
    private static List<TemplateRoute> routes;

    @BeforeAll
    static void readTemplate() throws IOException {
        routes = TemplateRoutes.read(TemplateRoutes.locate(null, Path.of("")));
    }

    @Test
    void itsPathsAndMethodsAreTheTemplatesRoutes() {
        assertThat(DOC.routeKeys()).containsExactlyInAnyOrderElementsOf(
                routes.stream().map(TemplateRoute::routeKey).toList());
    }

    @Test
    void eachOperationIsItsHandlersOperationWithThatOperationsMinimumRoleAndTheBearerScheme() {
        for (TemplateRoute route : routes) {
            Operation operation = OperationRolesTest.operationOf(route);
            JsonNode documented = DOC.operation(route.method(), route.path()).orElseThrow();
            assertThat(documented.path("operationId").asText()).as(route.routeKey()).isEqualTo(camelCase(operation));
            assertThat(documented.path("x-minimum-role").asText()).as(route.routeKey())
                    .isEqualTo(operation.minimum().wire());
            assertThat(documented.path("x-api-key-scope").asText(null)).as(route.routeKey() + " scope")
                    .isEqualTo(operation.scope());
            assertThat(documented.has("security")).as(route.routeKey() + " overrides the global security").isFalse();
            for (String path : List.of("{team_id}", "{secret_id}", "{connection_id}", "{api_key_id}")) {
                if (route.path().contains(path)) {
                    assertThat(pathParameters(route.path())).as(route.routeKey()).contains(path.replaceAll("[{}]", ""));
                }
            }
        }
        assertThat(DOC.at("/security/0").has("bearerAuth")).isTrue();
        JsonNode scheme = DOC.at("/components/securitySchemes/bearerAuth");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        walk(DOC.root(), "", (node, pointer) -> {
            if (node.has("$ref")) {
                refs.add(node.path("$ref").asText());
                DOC.resolve(node);
            }
        });
        assertThat(refs).hasSizeGreaterThan(100);
    }

    @Test
    void everyExampleFitsItsSchema() throws JsonProcessingException {
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        walk(DOC.root(), "", (node, pointer) -> {
            if (node.has("schema") && (node.has("examples") || node.has("example"))) {
                // A media type (examples by name) or a parameter (one example).
                String schema = DOC.pointerOf(node.path("schema"), pointer + "/schema");
                if (node.has("example")) {
                    check(pointer + "/example", node.path("example"), schema, checked, problems);
                }
                for (Map.Entry<String, JsonNode> example : node.path("examples").properties()) {
                    check(pointer + "/examples/" + example.getKey(), DOC.resolve(example.getValue()).path("value"),
                            schema, checked, problems);
                }
            } else if (pointer.startsWith("/components/schemas/") && node.path("examples").isArray()) {
                for (int i = 0; i < node.path("examples").size(); i++) {
                    check(pointer + "/examples/" + i, node.path("examples").path(i), pointer, checked, problems);
                }
            }
        });
        assertThat(problems).isEmpty();
        assertThat(checked).hasSizeGreaterThan(40);

        // Every body in and every successful JSON body out has at least one example.
        for (TemplateRoute route : routes) {
            JsonNode operation = DOC.operation(route.method(), route.path()).orElseThrow();
            JsonNode body = operation.path("requestBody").path("content").path("application/json");
            assertThat(body.isMissingNode() || body.path("examples").size() > 0).as(route.routeKey()).isTrue();
            for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
                JsonNode json = DOC.resolve(response.getValue()).path("content").path("application/json");
                if (response.getKey().startsWith("2") && !json.isMissingNode()) {
                    assertThat(json.path("examples").size()).as(route.routeKey() + " " + response.getKey())
                            .isPositive();
                }
            }
        }
    }

    @Test
    void theValidatorEnforcesWhatTheDocumentSays() {
        String secret = "/components/schemas/Secret";
        String valid = """
                {"id": "9b2e4f60-1c3d-4a5b-8e7f-0a1b2c3d4e5f", "name": "n", "description": null, "secret_type": "s3",
                 "auth_method": "s3_access_key", "created_at": "2026-03-01T09:30:00.123Z", "created_by": "u"}""";
        assertThat(DOC.validate(secret, valid)).isEmpty();
        // A credential in a response, a malformed id, an unknown enum value, an error code the status does not list.
        assertThat(DOC.validate(secret, valid.replace("}", ", \"credentials\": {}}"))).isNotEmpty();
        assertThat(DOC.validate(secret, valid.replace("9b2e4f60-", "9b2e4f60"))).isNotEmpty();
        assertThat(DOC.validate(secret, valid.replace("\"s3\"", "\"ftp\""))).isNotEmpty();
        assertThat(DOC.validate("/components/responses/Forbidden/content/application~1json/schema",
                "{\"error\": \"secret_not_found\", \"message\": \"m\", \"detail\": []}")).isNotEmpty();
        // The schema table: an s3 secret with Azure's fields.
        assertThat(DOC.validate("/components/schemas/CreateSecretRequest", """
                {"name": "n", "secret_type": "s3", "auth_method": "s3_access_key", "credentials": {"sas_url": "x"}}
                """)).isNotEmpty();
    }

    private static void check(String where, JsonNode example, String schemaPointer, List<String> checked,
                              List<String> problems) {
        String json;
        try {
            json = Databind.MAPPER.writeValueAsString(example);
        } catch (JsonProcessingException e) {
            throw new AssertionError(where, e);
        }
        DOC.validate(schemaPointer, json).forEach(problem -> problems.add(where + ": " + problem));
        checked.add(where);
    }

    /** Every object node of the tree with its JSON pointer, parents first. */
    private static void walk(JsonNode node, String pointer, BiConsumer<JsonNode, String> visit) {
        if (node.isObject()) {
            visit.accept(node, pointer);
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                walk(child.getValue(), pointer + "/" + OpenApiDocument.escape(child.getKey()), visit);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visit);
            }
        }
    }

    /** The names of the path parameters the document declares for this path (path-item level). */
    private static List<String> pathParameters(String path) {
        List<String> names = new ArrayList<>();
        for (JsonNode parameter : DOC.at("/paths/" + OpenApiDocument.escape(path) + "/parameters")) {
            JsonNode resolved = DOC.resolve(parameter);
            if ("path".equals(resolved.path("in").asText())) {
                names.add(resolved.path("name").asText());
            }
        }
        return names;
    }

    /** CREATE_SECRET is createSecret. */
    private static String camelCase(Operation operation) {
        String[] words = operation.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return out.toString();
    }
}
