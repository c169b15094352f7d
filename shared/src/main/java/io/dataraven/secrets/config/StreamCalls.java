package io.dataraven.secrets.config;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.dataraven.secrets.common.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Calls a function as Lambda's runtime does, through its stream interface: the payload's JSON bytes in, the answer's
 * bytes out, read back as JSON. One way for SnapStart priming, the local server and the benchmark to invoke.
 */
public final class StreamCalls {

    private StreamCalls() {
    }

    /** @return the answer; JSON null when the function wrote nothing */
    public static JsonNode call(RequestStreamHandler handler, JsonNode payload, Context context) {
        return call(handler, Json.writeBytes(payload), context);
    }

    /** As above, with the payload already serialized (the benchmark times only the call). */
    public static JsonNode call(RequestStreamHandler handler, byte[] payload, Context context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(payload), out, context);
            return out.size() == 0 ? NullNode.getInstance() : Json.read(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
