package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.logging.LogContext;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.team.TeamEvent;
import io.dataraven.secrets.teamevents.TeamEventsService;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EventBridge rule target for the team service's events (no HTTP route). A deletion that does not finish within
 * the invocation's time budget re-publishes itself as {@code TeamDeletionContinued}, which the same rule routes
 * back here (at most {@link TeamEventsService#MAX_DELETION_HOPS} times); a failure (or a malformed event, or a
 * deletion still unfinished after the last hop) is retried by Lambda and then lands in the dead-letter queue.
 */
public final class TeamEventsHandler extends JsonFunction {

    /** Stop starting new deletions when less than this is left, so the last one finishes inside the timeout. */
    static final long SAFETY_MARGIN_MILLIS = 10_000;
    private static final System.Logger LOG = System.getLogger(TeamEventsHandler.class.getName());

    /** What SnapStart priming sends this function: of its samples the plan change (the benchmark's too). */
    static final PrimingSample SAMPLE = PrimingSample.of("team-plan-changed");

    private final App app;

    public TeamEventsHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, TeamEventsHandler::new);
    }

    public TeamEventsHandler(App app) {
        this.app = app;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> envelope, Context context) {
        TeamEvent event = TeamEvent.fromEnvelope(envelope);
        TeamEventsService.Outcome outcome = app.teamEventsService().handle(event,
                () -> context == null || context.getRemainingTimeInMillis() > SAFETY_MARGIN_MILLIS);
        if (!outcome.complete()) {
            app.teamEventContinuations().accept(event);
        }
        LogContext.put("team_id", event.teamId().toString());
        Metrics.count("TeamEvents", Map.of("Action", String.valueOf(outcome.action())));
        Metrics.put("TeamDeletionSecretsDeleted", "Count", outcome.secretsDeleted(), Map.of());
        if (!outcome.complete()) {
            Metrics.count("TeamDeletionsHandedOn", Map.of());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("detail_type", event.detailType());
        summary.put("team_id", event.teamId().toString());
        summary.put("action", outcome.action());
        summary.put("complete", outcome.complete());
        summary.put("secrets_deleted", outcome.secretsDeleted());
        summary.put("connections_deleted", outcome.connectionsDeleted());
        LOG.log(System.Logger.Level.INFO, () -> "team event " + summary);
        return summary;
    }
}
