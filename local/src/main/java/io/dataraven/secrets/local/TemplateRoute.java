package io.dataraven.secrets.local;

/**
 * One HttpApi event of an {@code AWS::Serverless::Function} in template.yaml: the route and what serves it.
 *
 * @param method        upper-case HTTP method, or {@code ANY}
 * @param path          the route's path template, e.g. {@code /v1/teams/{team_id}/secrets}
 * @param function      the function's logical id
 * @param handlerClass  the class named by {@code Handler}
 * @param handlerMethod the method named after {@code ::} ({@code handleRequest} when omitted, as in Lambda)
 * @param timeoutSeconds the function's Timeout (Lambda's default 3 when unset)
 * @param memoryMb      the function's MemorySize (Lambda's default 128 when unset)
 */
public record TemplateRoute(String method, String path, String function, String handlerClass, String handlerMethod,
                            int timeoutSeconds, int memoryMb) {

    /** The API Gateway route key, as the event's {@code routeKey} carries it. */
    public String routeKey() {
        return method + " " + path;
    }
}
