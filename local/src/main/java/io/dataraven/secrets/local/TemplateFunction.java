package io.dataraven.secrets.local;

/**
 * An {@code AWS::Serverless::Function} of template.yaml without HttpApi events: invoked directly (by other AWS
 * services, or {@code sam local invoke}) rather than through API Gateway. The local server serves each one at
 * {@code POST /local/invoke/<function>}.
 *
 * @param function       the function's logical id
 * @param handlerClass   the class named by {@code Handler}
 * @param handlerMethod  the method named after {@code ::} ({@code handleRequest} when omitted, as in Lambda)
 * @param timeoutSeconds the function's Timeout (Lambda's default 3 when unset)
 * @param memoryMb       the function's MemorySize (Lambda's default 128 when unset)
 */
public record TemplateFunction(String function, String handlerClass, String handlerMethod, int timeoutSeconds,
                               int memoryMb) {
}
