package io.dataraven.secrets.benchmark;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.dataraven.secrets.config.PrimingSample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The samples of events/ as API Gateway v2 events or JSON, with the placeholder token replaced. */
final class Events {

    private final Map<String, Object> json;

    private Events(Map<String, Object> json) {
        this.json = json;
    }

    @SuppressWarnings("unchecked")
    static Events load(Path file) throws IOException {
        return new Events((Map<String, Object>) MiniJson.parse(Files.readString(file, StandardCharsets.UTF_8)));
    }

    /** An API Gateway HTTP API sample (it has a routeKey), as opposed to an EventBridge or direct-invoke one. */
    static boolean isHttp(Path file) throws IOException {
        Object json = MiniJson.parse(Files.readString(file, StandardCharsets.UTF_8));
        return json instanceof Map<?, ?> map && map.containsKey("routeKey");
    }

    /** The HTTP sample priming sends (by name: the function jar carries events/). */
    static PrimingSample sample(Path file) {
        return PrimingSample.of(file.getFileName().toString().replaceFirst("\\.json$", ""));
    }

    /** The sample as Lambda's runtime hands it to a {@code RequestHandler<Map<String, Object>, ?>}. */
    static Object raw(Path file) throws IOException {
        return MiniJson.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * The sample as the Runtime API hands it to the function: the file's JSON, for an HTTP API event with this
     * bearer token in place of the placeholder.
     */
    @SuppressWarnings("unchecked")
    static String withToken(Path file, String token, boolean http) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!http) {
            return text;
        }
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(text);
        Map<String, Object> headers = new java.util.LinkedHashMap<>((Map<String, Object>) json.getOrDefault("headers",
                Map.of()));
        headers.put("authorization", "Bearer " + token);
        json.put("headers", headers);
        return MiniJson.write(json);
    }

    /** The dagger sample's request: {@code PUT /products/{id}} through a REST API (payload 1.0). */
    static String productPut() {
        String id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        return "{\"resource\":\"/products/{id}\",\"path\":\"/products/" + id + "\",\"httpMethod\":\"PUT\","
                + "\"headers\":{\"content-type\":\"application/json\"},\"pathParameters\":{\"id\":\"" + id + "\"},"
                + "\"requestContext\":{\"accountId\":\"123456789012\",\"resourcePath\":\"/products/{id}\","
                + "\"httpMethod\":\"PUT\",\"stage\":\"prod\",\"requestId\":\"bench\"},"
                + "\"body\":" + MiniJson.quote("{\"id\":\"" + id + "\",\"name\":\"Bench product\",\"price\":9.99}")
                + ",\"isBase64Encoded\":false}";
    }

    String body() {
        return (String) json.get("body");
    }

    @SuppressWarnings("unchecked")
    Map<String, String> pathParameters() {
        Object params = json.get("pathParameters");
        return params == null ? new HashMap<>() : new HashMap<>((Map<String, String>) params);
    }

    String method() {
        String routeKey = (String) json.get("routeKey");
        return routeKey == null ? "?" : routeKey.split(" ", 2)[0];
    }

    String routeKey() {
        return (String) json.get("routeKey");
    }

    /** The event with this token, and optionally other path parameters and body. */
    @SuppressWarnings("unchecked")
    APIGatewayV2HTTPEvent event(String token, Map<String, String> pathParameters, String body) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion((String) json.get("version"));
        event.setRouteKey((String) json.get("routeKey"));
        event.setRawPath((String) json.get("rawPath"));
        event.setRawQueryString((String) json.get("rawQueryString"));
        Map<String, String> headers = new HashMap<>((Map<String, String>) json.getOrDefault("headers", Map.of()));
        headers.put("authorization", "Bearer " + token);
        event.setHeaders(headers);
        Object query = json.get("queryStringParameters");
        if (query != null) {
            event.setQueryStringParameters(new HashMap<>((Map<String, String>) query));
        }
        event.setPathParameters(pathParameters == null ? pathParameters() : pathParameters);
        event.setBody(body);
        event.setIsBase64Encoded(Boolean.TRUE.equals(json.get("isBase64Encoded")));
        Map<String, Object> context = (Map<String, Object>) json.get("requestContext");
        if (context != null) {
            APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
            requestContext.setAccountId((String) context.get("accountId"));
            requestContext.setApiId((String) context.get("apiId"));
            requestContext.setDomainName((String) context.get("domainName"));
            requestContext.setRequestId((String) context.get("requestId"));
            requestContext.setRouteKey((String) context.get("routeKey"));
            requestContext.setStage((String) context.get("stage"));
            Map<String, Object> http = (Map<String, Object>) context.get("http");
            if (http != null) {
                APIGatewayV2HTTPEvent.RequestContext.Http h = new APIGatewayV2HTTPEvent.RequestContext.Http();
                h.setMethod((String) http.get("method"));
                h.setPath((String) http.get("path"));
                h.setProtocol((String) http.get("protocol"));
                h.setSourceIp((String) http.get("sourceIp"));
                h.setUserAgent((String) http.get("userAgent"));
                requestContext.setHttp(h);
            }
            event.setRequestContext(requestContext);
        }
        return event;
    }

    APIGatewayV2HTTPEvent event(String token) {
        return event(token, null, body());
    }
}
