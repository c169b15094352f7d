package io.dataraven.secrets.benchmark;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Settings;

/**
 * EXTRA's HTTP client comparison, as a Lambda handler: the handler named by BENCH_HANDLER, through its injecting
 * constructor, over the production wiring with the client BENCH_HTTP_CLIENT names ("url" or "crt", see
 * {@link Wiring#withHttpClient}), so that only the client differs between the two.
 */
public final class ClientChoiceHandler implements RequestStreamHandler {

    private final RequestStreamHandler handler;

    public ClientChoiceHandler() throws ReflectiveOperationException {
        App app = Wiring.withHttpClient(Settings.fromEnvironment(), System.getenv("BENCH_HTTP_CLIENT"));
        this.handler = Invoker.of(Class.forName(System.getenv("BENCH_HANDLER")), app).handler();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.handleRequest(input, output, context);
    }
}
