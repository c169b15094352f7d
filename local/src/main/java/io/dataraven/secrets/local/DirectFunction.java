package io.dataraven.secrets.local;

import io.dataraven.secrets.common.InvalidInputException;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.StreamCalls;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A function of the template without HttpApi events, loaded as Lambda would load it: the Handler class by name,
 * built once through its {@code (App)} constructor, and its {@code handleRequest(Input, Context)} called per
 * invocation. The payload is converted to the handler's declared input type (for a
 * {@code RequestHandler<Map<String, Object>, Map<String, Object>>}, a map) with Jackson, as the Java runtime does,
 * and the result comes back as JSON. A {@code RequestStreamHandler} (every function of ours) gets the payload's
 * JSON bytes and answers JSON bytes, as in Lambda.
 */
final class DirectFunction {

    private final TemplateFunction definition;
    private final Object handler;
    private final Method method;
    private final JavaType inputType;

    private DirectFunction(TemplateFunction definition, Object handler, Method method, JavaType inputType) {
        this.definition = definition;
        this.handler = handler;
        this.method = method;
        this.inputType = inputType;
    }

    static DirectFunction load(TemplateFunction definition, App app) {
        String handlerName = definition.handlerClass() + "::" + definition.handlerMethod();
        try {
            Class<?> type = Class.forName(definition.handlerClass());
            if (RequestStreamHandler.class.isAssignableFrom(type)) {
                return new DirectFunction(definition, type.getConstructor(App.class).newInstance(app), null, null);
            }
            Method method = handlerMethod(type, definition.handlerMethod());
            if (method == null) {
                throw new IllegalStateException(handlerName + " needs a public " + definition.handlerMethod()
                        + "(<input>, Context) method");
            }
            JavaType input = Databind.MAPPER.getTypeFactory().constructType(method.getGenericParameterTypes()[0]);
            return new DirectFunction(definition, type.getConstructor(App.class).newInstance(app), method, input);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Handler class of " + definition.function() + " not found: "
                    + definition.handlerClass() + " (is its module a dependency of local/?)", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(definition.handlerClass() + " needs a public (App) constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Constructing " + definition.handlerClass() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot instantiate " + definition.handlerClass(), e);
        }
    }

    /**
     * The public {@code name(X, Context)} method; of a generic {@code RequestHandler}'s two (the typed one and
     * the compiler's {@code (Object, Context)} bridge) the typed one, whose input type is the one to convert to.
     */
    private static Method handlerMethod(Class<?> type, String name) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == 2
                        && m.getParameterTypes()[1] == Context.class)
                .min(Comparator.comparing(Method::isBridge))
                .orElse(null);
    }

    String name() {
        return definition.function();
    }

    /** Runs the handler on {@code payload} ({@code null} for an empty payload) and returns its result as JSON. */
    JsonNode invoke(JsonNode payload) {
        if (handler instanceof RequestStreamHandler stream) {
            return streamed(stream, payload == null ? NullNode.getInstance() : payload);
        }
        Object input;
        try {
            input = payload == null || payload.isNull() ? null : Databind.MAPPER.convertValue(payload, inputType);
        } catch (IllegalArgumentException e) {
            // Jackson's message may quote the payload, which can hold a credential: the type only.
            throw InvalidInputException.of("invalid_body", "The payload does not fit the input type of "
                    + definition.function() + " (" + inputType.toCanonical() + ").",
                    Violation.body("must be a JSON value of type " + inputType.toCanonical(), "model_type"));
        }
        Context context = new LocalContext(definition.function(), definition.timeoutSeconds(), definition.memoryMb());
        Object result;
        try {
            result = method.invoke(handler, input, context);
        } catch (InvocationTargetException e) {
            // What the handler threw, unwrapped, so the caller treats it like any other failure.
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return result == null ? NullNode.getInstance() : Databind.MAPPER.valueToTree(result);
    }

    private JsonNode streamed(RequestStreamHandler stream, JsonNode payload) {
        return StreamCalls.call(stream, payload,
                new LocalContext(definition.function(), definition.timeoutSeconds(), definition.memoryMb()));
    }
}
