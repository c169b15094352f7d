package io.dataraven.secrets.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * What serves a route: a function from the template or a dev-only endpoint. Both take the API Gateway event,
 * so every request goes through one path. Throwing an {@link io.dataraven.secrets.api.ApiException} or a domain
 * exception gives its error response.
 */
@FunctionalInterface
interface Endpoint {

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event);
}
