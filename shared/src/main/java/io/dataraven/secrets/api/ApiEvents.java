package io.dataraven.secrets.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway HTTP API payload 2.0 as JSON, read and written through the core's {@link Json}, field by field.
 *
 * <p>Why by hand: Lambda's Java runtime would otherwise deserialize the event and serialize the response itself,
 * with its own shaded Jackson and the events library's mix-ins, about 680 classes and 150 ms of every cold start
 * (see docs/PERFORMANCE.md), for the dozen fields we read. Handlers take the raw stream instead
 * ({@code RequestStreamHandler}) and go through here, as do SnapStart priming and the local server.
 */
public final class ApiEvents {

    private ApiEvents() {
    }

    /** The event from the payload Lambda hands a stream handler. */
    public static APIGatewayV2HTTPEvent read(InputStream payload) throws IOException {
        JsonNode json = Json.read(payload);
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("an API Gateway event is a JSON object");
        }
        return event(json);
    }

    /** The fields the API reads (and the local server writes); others are left out, not guessed. */
    public static APIGatewayV2HTTPEvent event(JsonNode json) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion(text(json, "version"));
        event.setRouteKey(text(json, "routeKey"));
        event.setRawPath(text(json, "rawPath"));
        event.setRawQueryString(text(json, "rawQueryString"));
        event.setCookies(strings(json.get("cookies")));
        event.setHeaders(stringMap(json.get("headers")));
        event.setQueryStringParameters(stringMap(json.get("queryStringParameters")));
        event.setPathParameters(stringMap(json.get("pathParameters")));
        event.setStageVariables(stringMap(json.get("stageVariables")));
        event.setBody(text(json, "body"));
        event.setIsBase64Encoded(json.path("isBase64Encoded").asBoolean(false));
        JsonNode context = json.get("requestContext");
        if (context != null && context.isObject()) {
            APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
            requestContext.setRequestId(text(context, "requestId"));
            requestContext.setRouteKey(text(context, "routeKey"));
            requestContext.setStage(text(context, "stage"));
            requestContext.setDomainName(text(context, "domainName"));
            requestContext.setApiId(text(context, "apiId"));
            requestContext.setAccountId(text(context, "accountId"));
            requestContext.setTime(text(context, "time"));
            requestContext.setTimeEpoch(context.path("timeEpoch").asLong(0));
            JsonNode http = context.get("http");
            if (http != null && http.isObject()) {
                APIGatewayV2HTTPEvent.RequestContext.Http httpContext = new APIGatewayV2HTTPEvent.RequestContext.Http();
                httpContext.setMethod(text(http, "method"));
                httpContext.setPath(text(http, "path"));
                httpContext.setProtocol(text(http, "protocol"));
                httpContext.setSourceIp(text(http, "sourceIp"));
                httpContext.setUserAgent(text(http, "userAgent"));
                requestContext.setHttp(httpContext);
            }
            event.setRequestContext(requestContext);
        }
        return event;
    }

    /** The event as payload 2.0 JSON: what the local server hands a function, and what {@link #event} reads. */
    public static ObjectNode json(APIGatewayV2HTTPEvent event) {
        ObjectNode json = Json.object();
        put(json, "version", event.getVersion());
        put(json, "routeKey", event.getRouteKey());
        put(json, "rawPath", event.getRawPath());
        put(json, "rawQueryString", event.getRawQueryString());
        putStrings(json, "cookies", event.getCookies());
        putMap(json, "headers", event.getHeaders());
        putMap(json, "queryStringParameters", event.getQueryStringParameters());
        putMap(json, "pathParameters", event.getPathParameters());
        putMap(json, "stageVariables", event.getStageVariables());
        put(json, "body", event.getBody());
        json.put("isBase64Encoded", event.getIsBase64Encoded());
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context != null) {
            ObjectNode out = json.putObject("requestContext");
            put(out, "requestId", context.getRequestId());
            put(out, "routeKey", context.getRouteKey());
            put(out, "stage", context.getStage());
            put(out, "domainName", context.getDomainName());
            put(out, "apiId", context.getApiId());
            put(out, "accountId", context.getAccountId());
            put(out, "time", context.getTime());
            if (context.getTimeEpoch() != 0) {
                out.put("timeEpoch", context.getTimeEpoch());
            }
            if (context.getHttp() != null) {
                ObjectNode http = out.putObject("http");
                put(http, "method", context.getHttp().getMethod());
                put(http, "path", context.getHttp().getPath());
                put(http, "protocol", context.getHttp().getProtocol());
                put(http, "sourceIp", context.getHttp().getSourceIp());
                put(http, "userAgent", context.getHttp().getUserAgent());
            }
        }
        return json;
    }

    /** The response as Lambda's runtime would have written it for API Gateway. */
    public static void write(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
        Json.write(out, json(response));
    }

    public static ObjectNode json(APIGatewayV2HTTPResponse response) {
        ObjectNode json = Json.object();
        json.put("statusCode", response.getStatusCode());
        putMap(json, "headers", response.getHeaders());
        if (response.getMultiValueHeaders() != null) {
            ObjectNode multi = json.putObject("multiValueHeaders");
            response.getMultiValueHeaders().forEach((name, values) -> putStrings(multi, name, values));
        }
        putStrings(json, "cookies", response.getCookies());
        put(json, "body", response.getBody());
        json.put("isBase64Encoded", response.getIsBase64Encoded());
        return json;
    }

    /** A response written by {@link #write}: what the local server reads back from a function. */
    public static APIGatewayV2HTTPResponse response(JsonNode json) {
        APIGatewayV2HTTPResponse.APIGatewayV2HTTPResponseBuilder builder = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(json.path("statusCode").asInt())
                .withHeaders(stringMap(json.get("headers")))
                .withCookies(strings(json.get("cookies")))
                .withBody(text(json, "body"))
                .withIsBase64Encoded(json.path("isBase64Encoded").asBoolean(false));
        JsonNode multi = json.get("multiValueHeaders");
        if (multi != null && multi.isObject()) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            multi.fields().forEachRemaining(field -> values.put(field.getKey(), strings(field.getValue())));
            builder.withMultiValueHeaders(values);
        }
        return builder.build();
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> stringMap(JsonNode object) {
        if (object == null || !object.isObject()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText());
        }
        return map;
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> list = new ArrayList<>(array.size());
        array.forEach(item -> list.add(item.isNull() ? null : item.asText()));
        return list;
    }

    private static void put(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static void putMap(ObjectNode json, String field, Map<String, String> map) {
        if (map != null) {
            ObjectNode out = json.putObject(field);
            map.forEach(out::put);
        }
    }

    private static void putStrings(ObjectNode json, String field, List<String> values) {
        if (values != null) {
            values.forEach(json.putArray(field)::add);
        }
    }
}
