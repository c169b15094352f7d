package io.dataraven.secrets.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Ids;
import io.dataraven.secrets.common.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The sample event a function primes with: {@code events/<name>.json}, the file {@code sam local invoke -e} and the
 * handler tests use for that function, packaged in the functions jar (functions/pom.xml), so there is one copy.
 * Priming hands it to the function as Lambda does, as the payload's bytes.
 *
 * @param name the file's name without {@code .json}, e.g. {@code create-secret}
 * @param edit applied to each event made from the file before it is handed over (the identity for the functions' own
 *             samples; priming seeds its stores from the file as it is)
 */
public record PrimingSample(String name, UnaryOperator<ObjectNode> edit) {

    /** The function's own sample, as it is. */
    public static PrimingSample of(String name) {
        return new PrimingSample(name, UnaryOperator.identity());
    }

    String resource() {
        return "events/" + name + ".json";
    }

    /** The file, read from the class path (the functions jar). */
    ObjectNode load() {
        try (InputStream in = PrimingSample.class.getClassLoader().getResourceAsStream(resource())) {
            if (in == null) {
                throw new IllegalStateException(resource() + " is not on the class path");
            }
            return (ObjectNode) Json.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event to hand over, made from the file's JSON. */
    ObjectNode event(ObjectNode json) {
        return edit.apply(json.deepCopy());
    }

    /** The event with another body; null if the sample has none. */
    ObjectNode withBody(ObjectNode json, String body) {
        if (!json.has("body")) {
            return null;
        }
        ObjectNode changed = json.deepCopy();
        changed.put("body", body);
        return event(changed);
    }

    /** The event with another bearer token; null if the sample has no headers (not an HTTP request). */
    ObjectNode withToken(ObjectNode json, String token) {
        if (!json.has("headers")) {
            return null;
        }
        ObjectNode changed = json.deepCopy();
        ((ObjectNode) changed.get("headers")).put("authorization", "Bearer " + token);
        return event(changed);
    }

    /** The id the sample names: a path parameter, or a field of a direct or EventBridge event; null if none. */
    static UUID id(JsonNode json, String field) {
        for (JsonNode holder : new JsonNode[]{json.path("pathParameters"), json, json.path("detail")}) {
            if (holder.path(field).isTextual()) {
                return Ids.parseUuid(holder.get(field).asText());
            }
        }
        return null;
    }

    /** The JSON body of a sample, e.g. the create functions' bodies that priming seeds its stores with. */
    static ObjectNode body(String name) {
        try {
            return (ObjectNode) Json.read(of(name).load().path("body").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
