package io.dataraven.secrets.idempotency;

import io.dataraven.secrets.store.Refusal;

/**
 * A write carrying an idempotency record was refused because the key already has one (the record as stored, read
 * from the refusal itself: DynamoDB's ALL_OLD, so no extra read). Nothing of the write was applied.
 */
public final class IdempotencyRecordExistsException extends RuntimeException implements Refusal {

    private final transient IdempotencyRecord existing;

    public IdempotencyRecordExistsException(IdempotencyRecord existing) {
        super("the idempotency key already has a record", null, false, false);
        this.existing = existing;
    }

    /** The stored record; null if the store could not say (then treated as a request in flight). */
    public IdempotencyRecord existing() {
        return existing;
    }
}
