package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import io.dataraven.secrets.common.Ids;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.logging.LogContext;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.resolve.Resolution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Internal, no HTTP route: other AWS services invoke it directly with {@code {"team_id", "secret_id"}} and get
 * {@code {"secret_type", "auth_method", "credentials"}} or {@code {"error": {"code", "message", "retryable"}}}.
 * The only function whose role may read and decrypt credential parameters. Logs nothing about the values.
 */
public final class ResolveSecretHandler extends JsonFunction {

    private static final System.Logger LOG = System.getLogger(ResolveSecretHandler.class.getName());

    /** What SnapStart priming sends this function: its own sample, events/resolve-secret.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("resolve-secret");

    private final App app;

    public ResolveSecretHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, ResolveSecretHandler::new);
    }

    public ResolveSecretHandler(App app) {
        this.app = app;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        // Logged only as the ids they must be: the input may hold anything.
        String team = input == null ? null : id(input.get("team_id"));
        String secret = input == null ? null : id(input.get("secret_id"));
        LogContext.put("team_id", team);
        Resolution resolution = app.resolveService().resolve(input);
        Map<String, Object> out = new LinkedHashMap<>();
        if (resolution instanceof Resolution.Resolved resolved) {
            out.put("secret_type", resolved.secretType().wire());
            out.put("auth_method", resolved.authMethod().wire());
            out.put("credentials", resolved.credentials().values());
            if (resolved.version() != null) {
                out.put("version", resolved.version());
            }
            Metrics.count("Resolves", Map.of("Outcome", "resolved", "Source", source()));
            LOG.log(System.Logger.Level.INFO, () -> "resolved secret " + secret + " of team " + team);
        } else if (resolution instanceof Resolution.Failed failed) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", failed.code());
            error.put("message", failed.message());
            error.put("retryable", failed.retryable());
            if (failed.retryAfterSeconds() != null) {
                error.put("retry_after_seconds", failed.retryAfterSeconds());
            }
            out.put("error", error);
            // By code (provider auth, rate limits, throttling, not found...); ResolveFailures alone for the alarm.
            Metrics.count("Resolves", Map.of("Outcome", failed.code(), "Source", source()));
            Metrics.count("ResolveFailures", Map.of());
            LogContext.put("error_code", failed.code());
            LOG.log(System.Logger.Level.WARNING, () -> "resolve of secret " + secret + " failed: " + failed.code());
        }
        return out;
    }

    /** direct or the vault type, as the resolve found it; unknown when it failed before finding the secret. */
    private static String source() {
        Object source = LogContext.fields().get("credential_source");
        return source == null ? "unknown" : source.toString();
    }

    private static String id(Object value) {
        return value instanceof String text && Ids.parseExact(text) != null ? text : "(not an id)";
    }
}
