package io.dataraven.secrets.audit;

import io.dataraven.secrets.auth.Principal;

import java.time.Clock;
import java.util.UUID;

/**
 * Records successful mutations. Publishing happens after the change committed, so it must never turn that success
 * into an error: a failed publish is logged with the whole event (metadata only, safe to log) under a fixed
 * marker, from which it can be replayed into the bus. We chose this over an outbox table: an outbox would add a
 * write to every mutation's transaction and a relay function, for events whose loss is already observable.
 */
public final class Auditor {

    public static final String REPLAY_MARKER = "AUDIT_EVENT_NOT_PUBLISHED";
    private static final System.Logger LOG = System.getLogger(Auditor.class.getName());

    private final AuditPublisher publisher;
    private final Clock clock;

    public Auditor(AuditPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    public void record(Principal actor, String eventType, UUID teamId, String resourceType, UUID resourceId,
                       String resourceName) {
        // API keys (dr_<key_id>_...) would carry their key id as subject with this actor type.
        String actorType = actor.subject() != null && actor.subject().startsWith("apikey:") ? "api_key" : "user";
        AuditEvent event = new AuditEvent(eventType, teamId, resourceType, resourceId, resourceName, actorType,
                actor.subject(), actor.request().requestId(), actor.request().sourceIp(), actor.request().userAgent(),
                clock.instant());
        try {
            publisher.publish(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, REPLAY_MARKER + " (" + e.getClass().getSimpleName() + "): "
                    + event.toJson());
        }
    }
}
