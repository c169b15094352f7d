package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.idempotency.IdempotencyRecord;
import io.dataraven.secrets.idempotency.IdempotencyRecords;

import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency records outside the writes they ride on. The removal is a one-item transaction rather than a
 * DeleteItem: it reads its refusal (ALL_OLD) and repeats with its token as every other write does, and the
 * functions need no further permission.
 */
public final class DynamoDbIdempotencyRecords implements IdempotencyRecords {

    private enum Part { RECORD }

    private final DynamoDbTable table;

    public DynamoDbIdempotencyRecords(DynamoDbTable table) {
        this.table = table;
    }

    @Override
    public Optional<IdempotencyRecord> findRecord(UUID teamId, String keyHash) {
        return table.get(IdempotencyItems.key(teamId, keyHash)).map(IdempotencyItems::toRecord);
    }

    @Override
    public void removeRecord(IdempotencyRecord record) {
        table.transact(table.<Part>transaction().delete(Part.RECORD, IdempotencyItems.remove(record)),
                refused -> IdempotencyItems.refused(refused, Part.RECORD));
    }
}
