package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.logging.Invocations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * A function invoked directly or by EventBridge with a JSON object, answering one. The payload is read with the
 * core's own Jackson (strict UTF-8, one JSON value, no duplicate keys), not by Lambda's runtime: see
 * {@link HttpFunction} for why. {@code null} as the payload reaches the handler as a null map.
 */
public abstract class JsonFunction implements RequestStreamHandler {

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaInvocations.begin(context);
        try {
            handle(input, output, context);
        } finally {
            Invocations.end();
        }
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = Json.parse(input.readAllBytes(), "payload");
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            throw InvalidInputException.of("invalid_body", "The payload must be a JSON object.",
                    Violation.body("must be a JSON object", "model_type"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> in = payload == null || payload.isNull() ? null : (Map<String, Object>) Json.plain(payload);
        Json.write(output, Json.tree(handleRequest(in, context)));
    }

    public abstract Map<String, Object> handleRequest(Map<String, Object> input, Context context);
}
