package io.dataraven.secrets.audit;

import io.dataraven.secrets.auth.Principal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Makes the audit event of a mutation, which the mutation's own metadata write carries: the repositories commit
 * it in the same DynamoDB transaction (an outbox item), and a stream-triggered relay publishes it. So an event
 * exists exactly when its change committed, and no request waits for, or fails on, a publish.
 */
public final class Auditor {

    private final Clock clock;

    public Auditor(Clock clock) {
        this.clock = clock;
    }

    /**
     * The event of one change.
     *
     * @param version what identifies this change of the resource (its new {@code updated_at}; the old one for a
     *                deletion): with the type and resource it makes the event's id, so a retried write commits the
     *                same event, never a second one
     */
    public AuditEvent event(Principal actor, String eventType, UUID teamId, String resourceType, UUID resourceId,
                            String resourceName, Instant version) {
        // API keys (dr_<key_id>_...) would carry their key id as subject with this actor type.
        String actorType = actor.subject() != null && actor.subject().startsWith("apikey:") ? "api_key" : "user";
        UUID id = UUID.nameUUIDFromBytes((eventType + "|" + resourceId + "|" + version)
                .getBytes(StandardCharsets.UTF_8));
        return new AuditEvent(id, eventType, teamId, resourceType, resourceId, resourceName, actorType,
                actor.subject(), actor.request().requestId(), actor.request().sourceIp(), actor.request().userAgent(),
                clock.instant());
    }
}
