package io.dataraven.secrets.benchmark;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The floor for a stream handler, as every function of ours is: the runtime client hands it the event's bytes and
 * takes its answer's, with none of its own (de)serialization, so what its first invocation costs after the snapshot
 * point is the runtime client's own invoke path.
 */
public final class HelloStream implements RequestStreamHandler {

    private static final byte[] ANSWER = "\"Hello, world\"".getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write(ANSWER);
    }
}
