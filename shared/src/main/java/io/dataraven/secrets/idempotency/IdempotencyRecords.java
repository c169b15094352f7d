package io.dataraven.secrets.idempotency;

import java.util.Optional;
import java.util.UUID;

/**
 * Port to the idempotency records outside the writes they ride on (those take the record in their own
 * transaction: see the repositories' forms with an {@link IdempotencyRecord}).
 */
public interface IdempotencyRecords {

    /** An adapter that keeps none: requests with a key fail (for wirings of tests that never send one). */
    IdempotencyRecords NONE = new IdempotencyRecords() {
        @Override
        public Optional<IdempotencyRecord> findRecord(UUID teamId, String keyHash) {
            return Optional.empty();
        }

        @Override
        public void removeRecord(IdempotencyRecord record) {
            throw new UnsupportedOperationException("no idempotency records here");
        }
    };

    /** The stored record, as stored (expired ones included: the caller checks {@code expires_at}). */
    Optional<IdempotencyRecord> findRecord(UUID teamId, String keyHash);

    /**
     * Removes a pending record whose create is gone (taken over or swept), conditioned on it being unchanged.
     *
     * @throws IdempotencyRecordExistsException it changed meanwhile (completed, or replaced)
     */
    void removeRecord(IdempotencyRecord record);

}
