package io.dataraven.secrets.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.dataraven.secrets.auth.Authenticator;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.logging.LogContext;
import io.dataraven.secrets.logging.Metrics;

import java.util.Map;

import java.util.UUID;
import java.util.function.Function;

/**
 * The frame every HTTP handler runs in: known failures become their status and error body, anything else a
 * generic 500 whose log line carries the exception type only (an SDK or parser message could quote input).
 * One log line per request: method, route, status, milliseconds; never a body.
 */
public final class ApiHandlers {

    private static final System.Logger LOG = System.getLogger("io.dataraven.secrets.api");

    private ApiHandlers() {
    }

    public static APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event,
                                                  Function<ApiRequest, APIGatewayV2HTTPResponse> operation) {
        long start = System.nanoTime();
        String route = event.getRouteKey() != null ? event.getRouteKey() : method(event) + " " + event.getRawPath();
        LogContext.put("route", route);
        if (event.getRequestContext() != null) {
            LogContext.put("api_request_id", event.getRequestContext().getRequestId());
        }
        APIGatewayV2HTTPResponse response;
        String errorCode = null;
        try {
            response = operation.apply(new ApiRequest(event));
        } catch (RuntimeException e) {
            ApiException known = ApiErrors.map(e);
            errorCode = known != null ? known.code() : "internal_error";
            LogContext.put("error_code", errorCode);
            if (known != null) {
                response = ApiResponses.error(known);
            } else {
                LOG.log(System.Logger.Level.ERROR, "unhandled " + e.getClass().getName() + " at " + where(e));
                response = ApiResponses.internalError();
            }
        }
        int status = response.getStatusCode();
        double millis = (System.nanoTime() - start) / 1e6;
        LogContext.put("status", status);
        LogContext.put("latency_ms", Math.round(millis * 10) / 10.0);
        // The template's route key only: a raw path would make a series per id.
        String series = event.getRouteKey() != null ? event.getRouteKey() : "unrouted";
        Metrics.count("Requests", Map.of("Route", series, "StatusClass", status / 100 + "xx"));
        Metrics.put("Latency", "Milliseconds", millis, Map.of("Route", series));
        if (status >= 400) {
            // Tier limit hits, name conflicts, throttling surfaced as 503s, ...: each error code its own series.
            Metrics.count("Errors", Map.of("ErrorCode", String.valueOf(errorCode)));
        }
        LOG.log(System.Logger.Level.INFO, () -> String.format("%s -> %d (%.1f ms)", route, status, millis));
        return response;
    }

    /** A team operation: the request, its authenticated caller, and the team of the path. */
    @FunctionalInterface
    public interface TeamOperation {
        APIGatewayV2HTTPResponse apply(ApiRequest request, Principal caller, UUID teamId);
    }

    /**
     * The frame of every team route: authenticate, read the path's team id, then the operation, which leaves the
     * role check to its service (before the service reads the body). Errors map as in {@link #handle}.
     */
    public static APIGatewayV2HTTPResponse forTeam(APIGatewayV2HTTPEvent event, Authenticator authenticator,
                                                   TeamOperation operation) {
        return handle(event, request -> {
            Principal caller = authenticator.authenticate(request.bearerToken(), () -> request.pathUuid("team_id"),
                    request.info());
            LogContext.put("principal_id", caller.subject());
            UUID teamId = request.pathUuid("team_id");
            LogContext.put("team_id", teamId.toString());
            return operation.apply(request, caller, teamId);
        });
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        return event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "?";
    }

    private static String where(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length == 0 ? "?" : trace[0].toString();
    }
}
