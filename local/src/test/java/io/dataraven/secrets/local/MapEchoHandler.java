package io.dataraven.secrets.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.dataraven.secrets.config.App;

import java.util.LinkedHashMap;
import java.util.Map;

/** A directly invoked handler shaped like ResolveSecretHandler that answers with what it received. */
public final class MapEchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public MapEchoHandler(App app) {
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        if (input != null && input.containsKey("boom")) {
            throw new IllegalStateException("handler failure with input AKIAIOSFODNN7EXAMPLE");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", input);
        out.put("input_type", input == null ? null : input.getClass().getSimpleName());
        out.put("function", context.getFunctionName());
        out.put("memory_mb", context.getMemoryLimitInMB());
        out.put("remaining_millis", context.getRemainingTimeInMillis());
        return out;
    }
}
