package io.dataraven.secrets.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiEvents;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.StreamCalls;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A function of the template, loaded as Lambda would load it: the Handler class by name, built once, its handler
 * method called per request. The one difference: the class gets the local {@link App} through its
 * {@code (App)} constructor instead of building the AWS wiring from the environment. A {@code RequestStreamHandler}
 * (every function of ours) gets the event as payload 2.0 JSON bytes and answers JSON bytes, as in Lambda; another
 * class its typed {@code (APIGatewayV2HTTPEvent, Context)} method.
 */
final class LambdaFunction implements Endpoint {

    private final TemplateRoute definition;
    private final Object handler;
    private final Method method;

    private LambdaFunction(TemplateRoute definition, Object handler, Method method) {
        this.definition = definition;
        this.handler = handler;
        this.method = method;
    }

    static LambdaFunction load(TemplateRoute definition, App app) {
        String handlerName = definition.handlerClass() + "::" + definition.handlerMethod();
        try {
            Class<?> type = Class.forName(definition.handlerClass());
            if (RequestStreamHandler.class.isAssignableFrom(type)) {
                return new LambdaFunction(definition, type.getConstructor(App.class).newInstance(app), null);
            }
            Method method = type.getMethod(definition.handlerMethod(), APIGatewayV2HTTPEvent.class, Context.class);
            if (!APIGatewayV2HTTPResponse.class.isAssignableFrom(method.getReturnType())) {
                throw new IllegalStateException(handlerName + " does not return an APIGatewayV2HTTPResponse");
            }
            return new LambdaFunction(definition, type.getConstructor(App.class).newInstance(app), method);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Handler class of " + definition.function() + " not found: "
                    + definition.handlerClass() + " (is its module a dependency of local/?)", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(handlerName + " needs a public (App) constructor and a public "
                    + definition.handlerMethod() + "(APIGatewayV2HTTPEvent, Context) method", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Constructing " + definition.handlerClass() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot instantiate " + definition.handlerClass(), e);
        }
    }

    @Override
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        Context context = new LocalContext(definition.function(), definition.timeoutSeconds(), definition.memoryMb());
        if (handler instanceof RequestStreamHandler stream) {
            return streamed(stream, event, context);
        }
        try {
            return (APIGatewayV2HTTPResponse) method.invoke(handler, event, context);
        } catch (InvocationTargetException e) {
            // What the handler threw, unwrapped, so the server treats it like any other failure.
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
    }

    private static APIGatewayV2HTTPResponse streamed(RequestStreamHandler handler, APIGatewayV2HTTPEvent event,
                                                     Context context) {
        return ApiEvents.response(StreamCalls.call(handler, ApiEvents.json(event), context));
    }
}
