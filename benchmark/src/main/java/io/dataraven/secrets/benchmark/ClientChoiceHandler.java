package io.dataraven.secrets.benchmark;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Settings;

/**
 * EXTRA's HTTP client comparison, as a Lambda handler: the handler named by BENCH_HANDLER, through its injecting
 * constructor, over the production wiring with the client BENCH_HTTP_CLIENT names ("url" or "crt", see
 * {@link Wiring#withHttpClient}), so that only the client differs between the two.
 */
public final class ClientChoiceHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

    @SuppressWarnings("unchecked")
    public ClientChoiceHandler() throws ReflectiveOperationException {
        App app = Wiring.withHttpClient(Settings.fromEnvironment(), System.getenv("BENCH_HTTP_CLIENT"));
        this.handler = (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                Class.forName(System.getenv("BENCH_HANDLER")).getConstructor(App.class).newInstance(app);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return handler.handleRequest(event, context);
    }
}
