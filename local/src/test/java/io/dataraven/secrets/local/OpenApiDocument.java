package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.yaml as the local jar packages it (local/pom.xml copies it next to {@link DevEndpoints}): its tree,
 * for reading, and a JSON Schema validator (OpenAPI 3.1 dialect, formats asserted) for any schema in it.
 */
final class OpenApiDocument {

    private static final String LOCATION = "classpath:" + DevEndpoints.class.getPackageName().replace('.', '/') + "/"
            + DevEndpoints.OPENAPI_RESOURCE;
    private static final OpenApiDocument PACKAGED = new OpenApiDocument();

    private final JsonNode root;
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true)
                    .build()));

    private OpenApiDocument() {
        try (InputStream in = DevEndpoints.class.getResourceAsStream(DevEndpoints.OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(LOCATION + " is missing: local/pom.xml copies docs/openapi.yaml there");
            }
            root = new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenApiDocument packaged() {
        return PACKAGED;
    }

    JsonNode root() {
        return root;
    }

    /** A JSON pointer into the document: {@code /components/schemas/Secret}. */
    JsonNode at(String pointer) {
        JsonNode node = root.at(pointer);
        if (node.isMissingNode()) {
            throw new AssertionError("docs/openapi.yaml has nothing at " + pointer);
        }
        return node;
    }

    /** The node itself, or what its local {@code $ref} names (followed until it is no reference). */
    JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? at(pointerOf(node, "")) : node;
    }

    /** The pointer of the node at {@code pointer}, after following its references. */
    String pointerOf(JsonNode node, String pointer) {
        JsonNode at = node;
        String where = pointer;
        for (int hops = 0; at.has("$ref"); hops++) {
            String ref = at.path("$ref").asText();
            if (!ref.startsWith("#/") || hops > 10) {
                throw new AssertionError("not a local reference (or a loop): " + ref);
            }
            where = ref.substring(1);
            at = at(where);
        }
        return where;
    }

    /** The schema of one component: {@code components/schemas/<name>}, references followed. */
    JsonNode schema(String name) {
        return resolve(at("/components/schemas/" + name));
    }

    /** The operation for a template route, e.g. ("POST", "/v1/teams/{team_id}/secrets"). */
    Optional<JsonNode> operation(String method, String path) {
        JsonNode operation = root.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        return operation.isMissingNode() ? Optional.empty() : Optional.of(operation);
    }

    /** Every operation as "METHOD path". */
    List<String> routeKeys() {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> item : path.getValue().properties()) {
                if (List.of("get", "put", "post", "delete", "patch", "head", "options", "trace")
                        .contains(item.getKey())) {
                    keys.add(item.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return keys;
    }

    /** The documented route a request goes to ({@code /v1/teams/{team_id}/secrets}); empty for any other. */
    Optional<String> route(String method, String rawPath) {
        for (String key : routeKeys()) {
            String[] methodAndPath = key.split(" ", 2);
            if (methodAndPath[0].equals(method) && PathTemplate.of(methodAndPath[1]).match(rawPath).isPresent()) {
                return Optional.of(methodAndPath[1]);
            }
        }
        return Optional.empty();
    }

    /**
     * Asserts that the answer to a request to {@code route} is as documented: its status is one of the route's, its
     * body fits that status's schema (and is empty where none is documented), its required headers are there.
     */
    void assertFits(String method, String route, HttpResponse<String> response) {
        String what = method + " " + response.uri().getRawPath() + " -> " + response.statusCode() + " "
                + response.body();
        String documented = responsePointer(method, route, response.statusCode()).orElseThrow(() ->
                new AssertionError(method + " " + route + " does not document " + response.statusCode() + ": " + what));
        JsonNode spec = at(documented);
        JsonNode json = spec.path("content").path("application/json");
        if (json.isMissingNode()) {
            assertThat(response.body()).as(what).isEmpty();
        } else {
            assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/json");
            String schema = pointerOf(json.path("schema"), documented + "/content/application~1json/schema");
            assertThat(validate(schema, response.body())).as(what).isEmpty();
        }
        for (Map.Entry<String, JsonNode> header : spec.path("headers").properties()) {
            if (resolve(header.getValue()).path("required").asBoolean()) {
                assertThat(response.headers().firstValue(header.getKey())).as(what + " " + header.getKey()).isPresent();
            }
        }
    }

    /** Where the response object for this status is (references followed); empty when the status is undocumented. */
    Optional<String> responsePointer(String method, String path, int status) {
        String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
        JsonNode response = root.at(pointer);
        return response.isMissingNode() ? Optional.empty() : Optional.of(pointerOf(response, pointer));
    }

    /** The problems of {@code json} against the schema at {@code pointer}; empty when it fits. */
    List<String> validate(String pointer, String json) {
        Schema schema = registry.getSchema(SchemaLocation.of(LOCATION + "#" + encode(pointer)));
        return schema.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    /** A JSON pointer token: {@code /v1/teams} becomes {@code ~1v1~1teams}. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** A pointer as a URI fragment: braces (path templates) percent-encoded. */
    private static String encode(String pointer) {
        return pointer.replace("{", "%7B").replace("}", "%7D");
    }
}
