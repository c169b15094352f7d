package io.dataraven.secrets.api;

import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.idempotency.Idempotency;
import io.dataraven.secrets.common.Violation;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds API Gateway v2 responses: JSON bodies and the error shape {@code {error, message, detail}} (a 429 also has
 * {@code code}, since its {@code error} is the documented text).
 */
public final class ApiResponses {

    /** The stable code of a 429 from our limit (in {@code code}: its {@code error} is the documented text). */
    public static final String RATE_LIMIT_CODE = "rate_limit_exceeded";

    private ApiResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, JsonNode body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(Json.write(body))
                .withIsBase64Encoded(false)
                .build();
    }

    /** The headers of a write's response; a replayed one also says so ({@code Idempotent-Replayed: true}). */
    public static Map<String, String> replayed(Idempotency.Outcome<?> outcome, Map<String, String> headers) {
        if (!outcome.replayed()) {
            return headers;
        }
        Map<String, String> all = new HashMap<>(headers);
        all.put(REPLAYED_HEADER, "true");
        return all;
    }

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    public static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204)
                .withHeaders(Map.of("Cache-Control", "no-store")).withIsBase64Encoded(false).build();
    }

    public static APIGatewayV2HTTPResponse error(ApiException e) {
        ObjectNode body = Json.object();
        if (e.status() == 429) {
            // The API's documented 429 body is {"error": "Rate limit exceeded", "message": ...}.
            body.put("error", "Rate limit exceeded");
            body.put("code", e.code());
        } else {
            body.put("error", e.code());
        }
        body.put("message", e.getMessage());
        ArrayNode detail = body.putArray("detail");
        for (Violation v : e.detail()) {
            ObjectNode item = detail.addObject();
            ArrayNode loc = item.putArray("loc");
            for (Object part : v.loc()) {
                if (part instanceof Integer index) {
                    loc.add(index);
                } else {
                    loc.add(String.valueOf(part));
                }
            }
            item.put("msg", v.msg());
            item.put("type", v.type());
        }
        if (e.changeApplied() != null) {
            body.put("change_applied", e.changeApplied());
        }
        if (e.status() >= 500 || e.status() == 429) {
            body.put("retryable", e.retryable());
        }
        return json(e.status(), body, e.headers());
    }

    public static APIGatewayV2HTTPResponse internalError() {
        return error(new ApiException(500, "internal_error",
                "Something went wrong on our side. Retry later."));
    }
}
