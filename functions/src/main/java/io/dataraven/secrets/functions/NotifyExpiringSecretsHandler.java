package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.expiry.ExpiryNotices;
import io.dataraven.secrets.logging.Metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scheduled (EventBridge schedule, no HTTP route): one run of the credential expiry warnings, {@code
 * secret_expiring} and {@code secret_expired} to the audit bus, each once per secret and threshold.
 */
public final class NotifyExpiringSecretsHandler extends JsonFunction {

    /** What SnapStart priming sends this function: its own sample, events/notify-expiring-secrets.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("notify-expiring-secrets");

    private final App app;

    public NotifyExpiringSecretsHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, NotifyExpiringSecretsHandler::new);
    }

    public NotifyExpiringSecretsHandler(App app) {
        this.app = app;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        ExpiryNotices.Summary summary = app.expiryNotices().run();
        Metrics.put("ExpiryNoticesSent", "Count", summary.published(), Map.of());
        // Notices that could not be recorded this run (the next one retries them): the alarm's series.
        Metrics.put("ExpiryNoticeFailures", "Count", summary.failed(), Map.of());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scanned", summary.scanned());
        out.put("published", summary.published());
        out.put("already_sent", summary.alreadySent());
        out.put("failed", summary.failed());
        return out;
    }
}
