package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.logging.LogContext;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.sweep.OrphanSweeper;

import java.util.LinkedHashMap;
import java.util.Map;

/** Scheduled (EventBridge schedule, no HTTP route): one sweep of orphaned credential parameters per run. */
public final class OrphanSweeperHandler extends JsonFunction {

    /** What SnapStart priming sends this function: its own sample, events/orphan-sweep.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("orphan-sweep");

    private final App app;

    public OrphanSweeperHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, OrphanSweeperHandler::new);
    }

    public OrphanSweeperHandler(App app) {
        this.app = app;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        OrphanSweeper.Summary summary = app.orphanSweeper().sweep();
        Metrics.put("SweeperDeletions", "Count", summary.deleted(), Map.of());
        Metrics.put("SweeperAbandonedCreates", "Count", summary.abandonedCreates(), Map.of());
        // Parameters it could not judge or delete: the alarm's series.
        Metrics.put("SweeperProblems", "Count", summary.problems(), Map.of());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scanned", summary.scanned());
        out.put("deleted", summary.deleted());
        out.put("too_young", summary.tooYoung());
        out.put("problems", summary.problems());
        out.put("abandoned_creates", summary.abandonedCreates());
        return out;
    }
}
