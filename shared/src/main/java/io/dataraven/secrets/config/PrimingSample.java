package io.dataraven.secrets.config;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Ids;
import io.dataraven.secrets.common.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The sample event a function primes with: {@code events/<name>.json}, the file {@code sam local invoke -e} and the
 * handler tests use for that function, packaged in the functions jar (functions/pom.xml), so there is one copy.
 *
 * @param name   the file's name without {@code .json}, e.g. {@code create-secret}
 * @param reader the handler's input made from the file, as Lambda's runtime would hand it over
 */
public record PrimingSample<I>(String name, Function<JsonNode, I> reader) {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };

    /** An HTTP API (payload 2.0) event: the handlers behind a route. */
    public static PrimingSample<APIGatewayV2HTTPEvent> http(String name) {
        return new PrimingSample<>(name, PrimingSample::httpEvent);
    }

    /** A JSON object as a map: direct invocations, EventBridge deliveries and schedules. */
    public static PrimingSample<Map<String, Object>> direct(String name) {
        return new PrimingSample<>(name, json -> Json.MAPPER.convertValue(json, OBJECT));
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
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    I event(ObjectNode json) {
        return reader.apply(json);
    }

    /** The event with another body; null if the sample has none. */
    I withBody(ObjectNode json, String body) {
        if (!json.has("body")) {
            return null;
        }
        ObjectNode changed = json.deepCopy();
        changed.put("body", body);
        return event(changed);
    }

    /** The event with another bearer token; null if the sample has no headers (not an HTTP request). */
    I withToken(ObjectNode json, String token) {
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
            return (ObjectNode) Json.MAPPER.readTree(http(name).load().path("body").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** By hand, not by bean mapping: the fields handlers read, nothing Jackson would have to find by reflection. */
    private static APIGatewayV2HTTPEvent httpEvent(JsonNode json) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion(json.path("version").asText(null));
        event.setRouteKey(json.path("routeKey").asText(null));
        event.setRawPath(json.path("rawPath").asText(null));
        event.setRawQueryString(json.path("rawQueryString").asText(null));
        event.setHeaders(strings(json.get("headers")));
        event.setQueryStringParameters(strings(json.get("queryStringParameters")));
        event.setPathParameters(strings(json.get("pathParameters")));
        event.setBody(json.path("body").asText(null));
        event.setIsBase64Encoded(json.path("isBase64Encoded").asBoolean());
        JsonNode context = json.path("requestContext");
        JsonNode http = context.path("http");
        APIGatewayV2HTTPEvent.RequestContext.Http httpContext = new APIGatewayV2HTTPEvent.RequestContext.Http();
        httpContext.setMethod(http.path("method").asText(null));
        httpContext.setPath(http.path("path").asText(null));
        httpContext.setProtocol(http.path("protocol").asText(null));
        httpContext.setSourceIp(http.path("sourceIp").asText(null));
        httpContext.setUserAgent(http.path("userAgent").asText(null));
        APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setRequestId(context.path("requestId").asText(null));
        requestContext.setRouteKey(context.path("routeKey").asText(null));
        requestContext.setStage(context.path("stage").asText(null));
        requestContext.setHttp(httpContext);
        event.setRequestContext(requestContext);
        return event;
    }

    private static Map<String, String> strings(JsonNode object) {
        return object == null ? null : Json.MAPPER.convertValue(object, STRINGS);
    }
}
