package io.dataraven.secrets.audit;

import java.util.ArrayList;
import java.util.List;

/** Keeps published events in memory: the local server's audit trail, and what tests assert on. */
public final class InMemoryAuditLog implements AuditPublisher {

    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized void publish(AuditEvent event) {
        events.add(event);
    }

    public synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }
}
