package io.dataraven.secrets.local;

import io.dataraven.secrets.common.NotFoundException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.common.DomainException;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.config.App;

import io.dataraven.secrets.common.Utf8;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /local/invoke/{function}}: what Lambda's Invoke API does for the template's functions that have no
 * HttpApi event (ResolveSecretFunction), so they can be tried without AWS: the body is the payload, the answer
 * the handler's result as JSON with a 200 (also when the result describes an error, as with Lambda). An unknown
 * function is a 404, a payload that is not JSON a 400; a handler that throws gives a 500 marked with
 * {@code X-Amz-Function-Error: Unhandled}, without the exception's message.
 */
final class DirectInvocations implements Endpoint {

    static final String PATH = "/local/invoke/{function}";
    /** Lambda's limit for a synchronous invocation's payload. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(DirectInvocations.class.getName());

    private final Map<String, DirectFunction> functions;

    private DirectInvocations(Map<String, DirectFunction> functions) {
        this.functions = functions;
    }

    /** Loads every function now, so a missing handler class fails the server start rather than a request. */
    static DirectInvocations load(List<TemplateFunction> definitions, App app) {
        Map<String, DirectFunction> functions = new LinkedHashMap<>();
        for (TemplateFunction definition : definitions) {
            functions.put(definition.function(), DirectFunction.load(definition, app));
        }
        return new DirectInvocations(functions);
    }

    /** The logical ids served, in template order. */
    List<String> names() {
        return List.copyOf(functions.keySet());
    }

    /** The loaded function with this logical id, if served here (so other entry points share its instance). */
    Optional<DirectFunction> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    Router.Route route() {
        return Router.Route.of("POST", PATH, this);
    }

    @Override
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String name = event.getPathParameters() == null ? null : event.getPathParameters().get("function");
        DirectFunction function = functions.get(name);
        if (function == null) {
            throw new NotFoundException("function_not_found", "No directly invocable function " + name
                    + " in the template; these are: " + String.join(", ", functions.keySet()) + ".",
                    new Violation(List.of("path", "function"), "not a function of the template without HttpApi "
                            + "events", "not_found"));
        }
        JsonNode payload = payload(event);
        JsonNode result;
        try {
            result = function.invoke(payload);
        } catch (ApiException | DomainException e) {
            throw e;
        } catch (RuntimeException e) {
            // The type only: a message could quote the payload or a credential.
            LOG.log(System.Logger.Level.ERROR, "unhandled " + e.getClass().getName() + " in " + function.name());
            return ApiResponses.error(new ApiException(500, "internal_error", "The function " + function.name()
                    + " failed with " + e.getClass().getSimpleName() + ".", List.of(),
                    Map.of("X-Amz-Function-Error", "Unhandled")));
        }
        return ApiResponses.json(200, result, Map.of());
    }

    /**
     * The payload as JSON: any JSON value; {@code null} when empty, as Lambda passes an empty payload. A body the
     * server passed base64-encoded (it was not UTF-8) is decoded and refused by {@link Json#parse}.
     */
    static JsonNode payload(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null || body.isBlank()) {
            return null;
        }
        byte[] bytes = event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : Utf8.encode(body, "payload");
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            throw new ApiException(413, "payload_too_large", "The payload is larger than Lambda's 6 MiB limit.");
        }
        return Json.parse(bytes, "payload");
    }
}
