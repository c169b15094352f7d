package io.dataraven.secrets.benchmark;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/** The baseline: a hello-world handler, alone in its task folder, started by the same runtime as every function. */
public final class Hello implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "Hello, world";
    }
}
