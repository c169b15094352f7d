package io.dataraven.secrets.expiry;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.secret.Secret;

import java.util.List;

/** Port to what the expiry warnings read and write. */
public interface ExpiryNoticeRepository {

    /** None: no secret has a known expiry (test wirings without the port). */
    ExpiryNoticeRepository NONE = new ExpiryNoticeRepository() {
        @Override
        public List<Secret> secretsWithExpiry() {
            return List.of();
        }

        @Override
        public boolean recordOnce(ExpiryNotice notice, AuditEvent event) {
            return false;
        }
    };

    /** Every active secret, of every team, whose credentials carry an expiry (a scheduled job's scan). */
    List<Secret> secretsWithExpiry();

    /**
     * Records the notice and commits its event (the audit outbox, published by the relay) together, unless it was
     * recorded before: true when this call recorded it. A repeat after any failure is safe: it records it once.
     */
    boolean recordOnce(ExpiryNotice notice, AuditEvent event);
}
