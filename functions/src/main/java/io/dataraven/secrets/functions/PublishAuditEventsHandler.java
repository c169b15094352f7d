package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.logging.LogContext;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.store.dynamodb.AuditStreamRecords;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit relay: triggered by the metadata table's stream (filtered to outbox inserts, see template.yaml), it
 * publishes each committed audit event to the audit bus, in order. At the first event the bus does not take it
 * stops and names that record as failed ({@code ReportBatchItemFailures}): Lambda then delivers it and every later
 * one again, until they are published or the record's retries run out (then the batch's pointers go to the
 * dead-letter queue). Delivery is at least once; {@code event_id} is the same in every copy.
 */
public final class PublishAuditEventsHandler extends JsonFunction {

    private static final System.Logger LOG = System.getLogger(PublishAuditEventsHandler.class.getName());

    /** What SnapStart priming sends this function: its own sample, events/publish-audit-events.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("publish-audit-events");

    private final App app;

    public PublishAuditEventsHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, PublishAuditEventsHandler::new);
    }

    public PublishAuditEventsHandler(App app) {
        this.app = app;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> batch, Context context) {
        List<Map<String, String>> failures = new ArrayList<>();
        int published = 0;
        for (AuditStreamRecords.Item item : AuditStreamRecords.read(batch)) {
            if (item.event() == null) {
                continue;
            }
            try {
                app.auditPublisher().publish(item.event());
                published++;
            } catch (RuntimeException e) {
                // The type only: the message of an SDK failure is no place for event details.
                LOG.log(System.Logger.Level.WARNING, () -> "audit event " + item.event().id() + " not published ("
                        + e.getClass().getSimpleName() + "); the stream delivers it again");
                failures.add(Map.of("itemIdentifier", item.sequenceNumber()));
                break;
            }
        }
        int done = published;
        Metrics.put("AuditEventsPublished", "Count", published, Map.of());
        Metrics.put("AuditEventsNotPublished", "Count", failures.size(), Map.of());
        LOG.log(System.Logger.Level.INFO, () -> "published " + done + " audit events");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batchItemFailures", failures);
        return out;
    }
}
