package io.dataraven.secrets.audit;

/** Port to the audit trail (an EventBridge bus in AWS). */
public interface AuditPublisher {

    /** Publishes one event; may throw, which {@link Auditor} turns into a log line the event can be replayed from. */
    void publish(AuditEvent event);
}
