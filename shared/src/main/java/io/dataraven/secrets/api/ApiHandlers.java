package io.dataraven.secrets.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.dataraven.secrets.auth.Authenticator;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.logging.LogContext;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.ratelimit.RateDecision;
import io.dataraven.secrets.ratelimit.RateLimiter;

import java.util.HashMap;
import java.util.List;
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
    /** The one key of requests without a source address (none reach us through API Gateway). */
    static final String UNKNOWN_CLIENT = "unknown";

    private ApiHandlers() {
    }

    /** The frame without a rate limit (tests of the frame itself). */
    public static APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event,
                                                  Function<ApiRequest, APIGatewayV2HTTPResponse> operation) {
        return handle(event, RateLimiter.off(), operation);
    }

    /**
     * The frame: the rate limit first (before any authentication, so a refused request costs no token check),
     * then the operation; every answer, errors included, carries the limit's headers.
     */
    public static APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, RateLimiter limiter,
                                                  Function<ApiRequest, APIGatewayV2HTTPResponse> operation) {
        long start = System.nanoTime();
        String route = event.getRouteKey() != null ? event.getRouteKey() : method(event) + " " + event.getRawPath();
        LogContext.put("route", route);
        if (event.getRequestContext() != null) {
            LogContext.put("api_request_id", event.getRequestContext().getRequestId());
        }
        APIGatewayV2HTTPResponse response;
        String errorCode = null;
        RateDecision rate = null;
        try {
            rate = limiter.check(client(event)).orElse(null);
            if (rate != null && !rate.allowed()) {
                throw rateLimited(rate);
            }
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
        if (rate != null) {
            response = withRateHeaders(response, rate);
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
     * The frame of every team route: the rate limit, authenticate, read the path's team id, then the operation, which
     * leaves the role check to its service (before the service reads the body). Errors map as in {@link #handle}.
     */
    public static APIGatewayV2HTTPResponse forTeam(APIGatewayV2HTTPEvent event, Authenticator authenticator,
                                                   RateLimiter limiter, TeamOperation operation) {
        return handle(event, limiter, request -> {
            Principal caller = authenticator.authenticate(request.bearerToken(), () -> request.pathUuid("team_id"),
                    request.info());
            LogContext.put("principal_id", caller.subject());
            UUID teamId = request.pathUuid("team_id");
            LogContext.put("team_id", teamId.toString());
            return operation.apply(request, caller, teamId);
        });
    }

    /**
     * The client a limit counts: the source address API Gateway saw, never X-Forwarded-For (a client writes that
     * header itself); an IPv6 address by its /64 (one subscriber's network: a client with a /64 could otherwise
     * send each request from a new address); a fixed key when there is none.
     */
    static String client(APIGatewayV2HTTPEvent event) {
        String ip = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getSourceIp() : null;
        if (ip == null || ip.isBlank()) {
            return UNKNOWN_CLIENT;
        }
        return ip.indexOf(':') >= 0 ? ipv6Network(ip) : ip;
    }

    /** The first four groups of an IPv6 address, expanded, as {@code a:b:c:d::/64}; the address itself if unreadable. */
    static String ipv6Network(String ip) {
        if (!ip.matches("[0-9A-Fa-f:.]{2,45}")) {
            return ip; // not an IPv6 literal: never handed to InetAddress, which would look a name up
        }
        try {
            byte[] bytes = java.net.InetAddress.getByName(ip).getAddress(); // a literal: no lookup is made
            if (bytes.length != 16) {
                return ip;
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return network.append(":/64").toString();
        } catch (java.net.UnknownHostException e) {
            return ip;
        }
    }

    private static ApiException rateLimited(RateDecision rate) {
        return new ApiException(429, ApiResponses.RATE_LIMIT_CODE, "Too many requests from this address: the limit "
                + "is " + rate.limit() + " a minute. Retry after " + rate.retryAfterSeconds() + " seconds.", List.of(),
                Map.of("Retry-After", Long.toString(rate.retryAfterSeconds())));
    }

    private static APIGatewayV2HTTPResponse withRateHeaders(APIGatewayV2HTTPResponse response, RateDecision rate) {
        Map<String, String> headers = response.getHeaders() == null ? new HashMap<>()
                : new HashMap<>(response.getHeaders());
        headers.put("X-RateLimit-Limit", Integer.toString(rate.limit()));
        headers.put("X-RateLimit-Remaining", Long.toString(rate.remaining()));
        headers.put("X-RateLimit-Reset", Long.toString(rate.resetEpochSecond()));
        response.setHeaders(headers);
        return response;
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
