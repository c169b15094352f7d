package io.dataraven.secrets.audit;

/**
 * Port to the audit trail (an EventBridge bus in AWS). Requests do not call it: their events are committed with
 * the change they record (see {@link Auditor}) and relayed from there.
 */
public interface AuditPublisher {

    /** Publishes one event; a failure throws, and the relay hands the event back to be delivered again. */
    void publish(AuditEvent event);
}
