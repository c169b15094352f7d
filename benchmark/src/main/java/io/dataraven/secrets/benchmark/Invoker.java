package io.dataraven.secrets.benchmark;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.api.ApiEvents;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.StreamCalls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Calls a function as Lambda's runtime does: the payload's JSON bytes in, the answer's bytes out (every function is a
 * {@code RequestStreamHandler}), so in-process measurements include reading the event and writing the response.
 */
final class Invoker {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final RequestStreamHandler handler;

    private Invoker(RequestStreamHandler handler) {
        this.handler = handler;
    }

    /** The function's class through its injecting {@code (App)} constructor. */
    static Invoker of(Class<?> type, App app) throws ReflectiveOperationException {
        return new Invoker((RequestStreamHandler) type.getConstructor(App.class).newInstance(app));
    }

    /** An HTTP API event as payload 2.0 JSON, or a direct/EventBridge event (a map) as JSON. */
    static byte[] payload(Object event) {
        try {
            return event instanceof APIGatewayV2HTTPEvent http ? Databind.MAPPER.writeValueAsBytes(ApiEvents.json(http))
                    : Databind.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer: an HTTP response for an HTTP event, else the function's result as a map. */
    Object invoke(Object event) {
        return invokeBytes(payload(event));
    }

    Object invokeBytes(byte[] payload) {
        JsonNode answer = StreamCalls.call(handler, payload, null);
        return answer.has("statusCode") ? ApiEvents.response(answer) : Databind.MAPPER.convertValue(answer, OBJECT);
    }

    RequestStreamHandler handler() {
        return handler;
    }
}
