package io.dataraven.secrets.config;

import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.team.TeamEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.util.function.Consumer;

/** Hands an unfinished team deletion back to the bus as {@code TeamDeletionContinued}; the rule routes it back. */
final class EventBridgeContinuations implements Consumer<TeamEvent> {

    private final EventBridgeClient events;
    private final String busName;

    EventBridgeContinuations(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    @Override
    public void accept(TeamEvent event) {
        String detail = Json.write(Json.tree(event.continuationDetail()));
        var response = events.putEvents(r -> r.entries(e -> e.eventBusName(busName).source(AuditEvent.SOURCE)
                .detailType(TeamEvent.DELETION_CONTINUED).detail(detail)));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            // Failing the invocation makes Lambda retry it, and a retry resumes the deletion too.
            throw new IllegalStateException("could not hand on the team deletion: " + response.entries().get(0).errorCode());
        }
    }
}
