package io.dataraven.secrets.expiry;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.secret.Secret;

import java.time.Instant;
import java.util.List;

/** Port to what the expiry warnings read and write. */
public interface ExpiryNoticeRepository {

    /** None: no secret has a known expiry (test wirings without the port). */
    ExpiryNoticeRepository NONE = new ExpiryNoticeRepository() {
        @Override
        public List<Secret> secretsExpiringBetween(Instant from, Instant to) {
            return List.of();
        }

        @Override
        public boolean recordOnce(ExpiryNotice notice, AuditEvent event) {
            return false;
        }
    };

    /**
     * Every active secret, of every team, whose credentials say they expire at or after {@code from} and before
     * {@code to}: the ones a notice can be due for (read from an index of those expiries, never a whole table).
     */
    List<Secret> secretsExpiringBetween(Instant from, Instant to);

    /**
     * Records the notice and commits its event (the audit outbox, published by the relay) together, unless it was
     * recorded before: true when this call recorded it. A repeat after any failure is safe: it records it once.
     */
    boolean recordOnce(ExpiryNotice notice, AuditEvent event);
}
