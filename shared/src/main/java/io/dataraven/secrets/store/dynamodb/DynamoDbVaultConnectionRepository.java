package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.idempotency.IdempotencyRecord;

import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionInUseException;
import io.dataraven.secrets.vault.VaultConnectionModifiedException;
import io.dataraven.secrets.vault.VaultConnectionNameConflictException;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.n;
import static io.dataraven.secrets.store.dynamodb.Attributes.num;
import static io.dataraven.secrets.store.dynamodb.Attributes.pending;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;
import static io.dataraven.secrets.store.dynamodb.Attributes.str;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.CONNECTION_COUNT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.CONNECTION_LIMIT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.SECRET_COUNT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.SECRET_LIMIT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.TIER;

/**
 * Vault connections in the team's partition, with name locks and the team's connection counter moved in the same
 * transaction, as for secrets. A connection's item counts the secrets that use it, so it cannot go while in use.
 */
public final class DynamoDbVaultConnectionRepository implements VaultConnectionRepository {

    /** What each item of a connection's transactions is, so that a cancellation is read by what refused it. */
    private enum Part { CONNECTION, NAME_LOCK, RELEASED_NAME_LOCK, TEAM, AUDIT, IDEMPOTENCY }

    private static final ReturnValuesOnConditionCheckFailure ALL_OLD = ReturnValuesOnConditionCheckFailure.ALL_OLD;

    private final DynamoDbTable table;

    public DynamoDbVaultConnectionRepository(DynamoDbTable table) {
        this.table = table;
    }

    @Override
    public Optional<VaultConnection> findVaultConnection(UUID teamId, UUID connectionId) {
        return table.get(Keys.connection(teamId, connectionId)).map(VaultConnectionItems::toVaultConnection);
    }

    @Override
    public List<VaultConnection> listVaultConnections(UUID teamId) {
        List<VaultConnection> result = new ArrayList<>();
        table.queryTeam(teamId, Keys.CONNECTION_PREFIX,
                item -> result.add(VaultConnectionItems.toVaultConnection(item)));
        return result;
    }

    @Override
    public void createVaultConnection(VaultConnection connection, AuditEvent audit, IdempotencyRecord record) {
        Transaction<Part> transaction = table.<Part>transaction()
                .put(Part.CONNECTION, put -> put.item(VaultConnectionItems.item(connection))
                        .conditionExpression("attribute_not_exists(PK)"))
                .put(Part.NAME_LOCK, NameLocks.take(VaultConnectionItems.nameLock(connection)))
                // Like secrets: a team never seen starts Free; a missing counter means no connection yet.
                .update(Part.TEAM, update -> new TeamItemUpdate().increment(CONNECTION_COUNT).keep(CONNECTION_LIMIT)
                        .keep(TIER).keep(SECRET_LIMIT).keep(SECRET_COUNT)
                        .applyTo(update.key(Keys.team(connection.teamId())))
                        .conditionExpression("attribute_not_exists(#vcount) OR #vcount < #vlimit")
                        .returnValuesOnConditionCheckFailure(ALL_OLD));
        transaction.putRecord(Part.IDEMPOTENCY, record);
        transaction.audit(Part.AUDIT, audit);
        table.transact(transaction, refused -> {
            IdempotencyItems.refused(refused, Part.IDEMPOTENCY);
            if (refused.failed(Part.NAME_LOCK)) {
                throw new VaultConnectionNameConflictException(connection.name(),
                        refused.holder(Part.NAME_LOCK, "connection_id"));
            }
            if (refused.failed(Part.TEAM)) {
                throw TeamItems.connectionLimitExceeded(refused.oldItem(Part.TEAM));
            }
            if (refused.failed(Part.CONNECTION)) {
                throw new IllegalStateException("vault connection id collision");
            }
        });
    }

    @Override
    public void updateVaultConnection(VaultConnection previous, VaultConnection updated, AuditEvent audit,
                                      IdempotencyRecord record) {
        // A rename moves the lock; an edit keeping the name keeps it, under whichever key it was taken.
        Map<String, AttributeValue> held = previous.name().equals(updated.name()) ? null : heldNameLock(previous);
        boolean renamed = held != null && !held.equals(Keys.connectionName(updated.teamId(), updated.normalizedName()));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":read_version", s(previous.updatedAt().toString()),
                ":name", s(updated.name()), ":updated_at", s(updated.updatedAt().toString()),
                ":updated_by", s(updated.updatedBy())));
        values.putAll(ReadVersion.values(previous.updatedAt(), previous.pending()));
        String set = "SET #name = :name, updated_at = :updated_at, updated_by = :updated_by";
        List<String> remove = new ArrayList<>();
        if (updated.description() != null) {
            values.put(":description", s(updated.description()));
            set += ", description = :description";
        } else {
            remove.add("description");
        }
        if (updated.credentialVersion() != null) {
            values.put(":credential_version", n(updated.credentialVersion()));
            set += ", credential_version = :credential_version";
        }
        if (!updated.pending()) {
            remove.add("pending");
        }
        if (!remove.isEmpty()) {
            set += " REMOVE " + String.join(", ", remove);
        }
        String expression = set;
        // An update, not a put: the secret reference count on the item must survive.
        Transaction<Part> transaction = table.<Part>transaction()
                .update(Part.CONNECTION, update -> update.key(Keys.connection(previous.teamId(), previous.id()))
                        .updateExpression(expression)
                        .conditionExpression(ReadVersion.condition(previous.pending()))
                        .expressionAttributeNames(Map.of("#name", "name"))
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ALL_OLD));
        if (renamed) {
            transaction.delete(Part.RELEASED_NAME_LOCK, NameLocks.release(held, "connection_id", previous.id()))
                    .put(Part.NAME_LOCK, NameLocks.take(VaultConnectionItems.nameLock(updated)));
        }
        transaction.putRecord(Part.IDEMPOTENCY, record);
        transaction.audit(Part.AUDIT, audit);
        table.transact(transaction, refused -> {
            IdempotencyItems.refused(refused, Part.IDEMPOTENCY);
            connectionConditions(previous, refused);
            if (refused.failed(Part.NAME_LOCK)) {
                throw new VaultConnectionNameConflictException(updated.name(),
                        refused.holder(Part.NAME_LOCK, "connection_id"));
            }
            if (refused.failed(Part.RELEASED_NAME_LOCK)) {
                throw new VaultConnectionModifiedException(previous.id());
            }
        });
    }

    @Override
    public void deleteVaultConnection(VaultConnection connection, AuditEvent audit, IdempotencyRecord record) {
        Map<String, AttributeValue> values = ReadVersion.values(connection.updatedAt(), connection.pending());
        values.put(":zero", n(0));
        Transaction<Part> transaction = table.<Part>transaction()
                .delete(Part.CONNECTION, delete -> delete.key(Keys.connection(connection.teamId(), connection.id()))
                        .conditionExpression(ReadVersion.condition(connection.pending()) + " AND "
                                + "(attribute_not_exists(secret_ref_count) OR secret_ref_count = :zero)")
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ALL_OLD))
                .delete(Part.RELEASED_NAME_LOCK, NameLocks.release(heldNameLock(connection), "connection_id",
                        connection.id()))
                .update(Part.TEAM, update -> update.key(Keys.team(connection.teamId()))
                        .updateExpression("ADD #vcount :minus_one")
                        .conditionExpression("attribute_exists(PK)")
                        .expressionAttributeNames(Map.of("#vcount", "vault_connection_count"))
                        .expressionAttributeValues(Map.of(":minus_one", n(-1))));
        transaction.removeRecord(Part.IDEMPOTENCY, record);
        transaction.audit(Part.AUDIT, audit);
        table.transact(transaction, refused -> {
            IdempotencyItems.refused(refused, Part.IDEMPOTENCY);
            connectionConditions(connection, refused);
            if (refused.failed(Part.RELEASED_NAME_LOCK)) {
                throw new VaultConnectionModifiedException(connection.id());
            }
        });
    }

    private Map<String, AttributeValue> heldNameLock(VaultConnection connection) {
        return NameLocks.held(table, key -> Keys.connectionName(connection.teamId(), key), "connection_id",
                connection.id(), connection.name());
    }

    /** The connection item's condition failed: gone, changed since read, or (for deletes) still referenced. */
    private static void connectionConditions(VaultConnection read, Cancellation<Part> refused) {
        if (refused.failed(Part.CONNECTION)) {
            Map<String, AttributeValue> current = refused.oldItem(Part.CONNECTION);
            if (current == null || current.isEmpty()) {
                throw new VaultConnectionNotFoundException(read.id());
            }
            if (!read.updatedAt().toString().equals(str(current, "updated_at")) || pending(current) != read.pending()) {
                throw new VaultConnectionModifiedException(read.id());
            }
            throw new VaultConnectionInUseException(read.id(), num(current, "secret_ref_count", 0));
        }
    }

    @Override
    public void recordVerified(UUID teamId, UUID connectionId, Instant at, AuditEvent audit) {
        Map<String, AttributeValue> key = Keys.connection(teamId, connectionId);
        Map<String, AttributeValue> values = Map.of(":at", s(at.toString()));
        if (audit == null) {
            // false: deleted meanwhile, nothing to record
            table.updateIf(key, update -> update.updateExpression(SET_VERIFIED)
                    .conditionExpression("attribute_exists(PK)").expressionAttributeValues(values));
            return;
        }
        // With its event, both or neither: a connection deleted meanwhile cancels both, and nothing is recorded.
        Transaction<Part> transaction = table.<Part>transaction().update(Part.CONNECTION, update -> update.key(key)
                .updateExpression(SET_VERIFIED).conditionExpression("attribute_exists(PK)")
                .expressionAttributeValues(values));
        transaction.audit(Part.AUDIT, audit);
        try {
            table.transact(transaction, refused -> {
                if (refused.failed(Part.CONNECTION)) {
                    throw new ConnectionGone();
                }
            });
        } catch (ConnectionGone gone) {
            // deleted meanwhile
        }
    }

    private static final String SET_VERIFIED = "SET last_verified_at = :at";

    /** Only to leave {@link #recordVerified}'s transaction quietly: no stack trace, never escapes. */
    private static final class ConnectionGone extends RuntimeException {
        ConnectionGone() {
            super(null, null, false, false);
        }
    }

}
