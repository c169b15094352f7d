package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiEvents;
import io.dataraven.secrets.logging.Invocations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A function behind an HTTP API route. Lambda hands it the raw payload, which {@link ApiEvents} reads with the core's
 * own Jackson: a {@code RequestHandler<APIGatewayV2HTTPEvent, ...>} would make Lambda's runtime start a second,
 * shaded Jackson for the event and the response on every cold start (about 150 ms, docs/PERFORMANCE.md).
 * Subclasses implement the typed method, which tests call directly.
 */
public abstract class HttpFunction implements RequestStreamHandler {

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaInvocations.begin(context);
        try {
            ApiEvents.write(handleRequest(ApiEvents.read(input), context), output);
        } finally {
            Invocations.end();
        }
    }

    public abstract APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context);
}
