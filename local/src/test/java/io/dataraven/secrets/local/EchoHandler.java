package io.dataraven.secrets.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.config.App;

import java.util.Map;

/** A handler shaped like the real ones that answers with what it received, to check the event the server builds. */
public final class EchoHandler {

    public EchoHandler(App app) {
    }

    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (event.getRawPath().endsWith("/boom")) {
            throw new IllegalStateException("handler failure with input AKIAIOSFODNN7EXAMPLE");
        }
        APIGatewayV2HTTPEvent.RequestContext request = event.getRequestContext();
        ObjectNode echo = Databind.MAPPER.createObjectNode();
        echo.put("version", event.getVersion());
        echo.put("routeKey", event.getRouteKey());
        echo.put("rawPath", event.getRawPath());
        echo.put("rawQueryString", event.getRawQueryString());
        echo.set("headers", Databind.MAPPER.valueToTree(event.getHeaders()));
        echo.set("cookies", Databind.MAPPER.valueToTree(event.getCookies()));
        echo.set("queryStringParameters", Databind.MAPPER.valueToTree(event.getQueryStringParameters()));
        echo.set("pathParameters", Databind.MAPPER.valueToTree(event.getPathParameters()));
        echo.put("body", event.getBody());
        echo.put("isBase64Encoded", event.getIsBase64Encoded());
        echo.put("contextRouteKey", request.getRouteKey());
        echo.put("requestId", request.getRequestId());
        echo.put("method", request.getHttp().getMethod());
        echo.put("path", request.getHttp().getPath());
        echo.put("sourceIp", request.getHttp().getSourceIp());
        echo.put("functionName", context.getFunctionName());
        echo.put("remainingMillis", context.getRemainingTimeInMillis());
        echo.put("memoryMb", context.getMemoryLimitInMB());
        return ApiResponses.json(202, echo, Map.of("X-Echo", "yes"));
    }
}
