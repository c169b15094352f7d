package io.dataraven.secrets.store.eventbridge;

import java.util.function.Supplier;
import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.audit.AuditPublisher;
import io.dataraven.secrets.common.Json;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** Audit events as EventBridge events: source {@value AuditEvent#SOURCE}, detail-type the event type. */
public final class EventBridgeAuditPublisher implements AuditPublisher {

    private final Supplier<EventBridgeClient> events;
    private final String busName;

    public EventBridgeAuditPublisher(EventBridgeClient events, String busName) {
        this(() -> events, busName);
    }

    /** With a client built on first use: read-only functions never publish, so never build it. */
    public EventBridgeAuditPublisher(Supplier<EventBridgeClient> events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    @Override
    public void publish(AuditEvent event) {
        PutEventsResponse response = events.get().putEvents(r -> r.entries(e -> e
                .eventBusName(busName)
                .source(AuditEvent.SOURCE)
                .detailType(event.eventType())
                .time(event.time())
                .resources()
                .detail(Json.write(event.toJson()))));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            // PutEvents answers 200 even when an entry was refused: that is a failure too.
            throw new IllegalStateException("EventBridge refused the entry: " + response.entries().get(0).errorCode());
        }
    }
}
