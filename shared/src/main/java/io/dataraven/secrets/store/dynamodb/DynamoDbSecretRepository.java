package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.idempotency.IdempotencyRecord;

import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.Verification;
import io.dataraven.secrets.secret.SecretModifiedException;
import io.dataraven.secrets.secret.SecretNameConflictException;
import io.dataraven.secrets.secret.SecretNotFoundException;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.n;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.SECRET_COUNT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.SECRET_LIMIT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.TIER;

/**
 * Secrets in the team's partition. Quotas and name uniqueness are enforced by conditions inside one
 * TransactWriteItems, never by a read before the write.
 */
public final class DynamoDbSecretRepository implements SecretRepository {

    /** What each item of a secret's transactions is, so that a cancellation is read by what refused it. */
    private enum Part { SECRET, NAME_LOCK, RELEASED_NAME_LOCK, TEAM, CONNECTION, AUDIT, IDEMPOTENCY }

    private static final ReturnValuesOnConditionCheckFailure ALL_OLD = ReturnValuesOnConditionCheckFailure.ALL_OLD;

    private final DynamoDbTable table;

    public DynamoDbSecretRepository(DynamoDbTable table) {
        this.table = table;
    }

    @Override
    public void createSecret(Secret secret, AuditEvent audit, IdempotencyRecord record) {
        UUID teamId = secret.teamId();
        Transaction<Part> transaction = table.<Part>transaction()
                .put(Part.SECRET, put -> put.item(SecretItems.item(secret))
                        .conditionExpression("attribute_not_exists(PK)"))
                .put(Part.NAME_LOCK, NameLocks.take(SecretItems.nameLock(secret)))
                // A team never seen before has no item yet: it starts as Free with the Free limit.
                .update(Part.TEAM, update -> new TeamItemUpdate().increment(SECRET_COUNT).keep(TIER).keep(SECRET_LIMIT)
                        .applyTo(update.key(Keys.team(teamId)))
                        .conditionExpression("attribute_not_exists(PK) OR #count < #limit")
                        .returnValuesOnConditionCheckFailure(ALL_OLD));
        if (secret.external()) {
            // The connection must still exist (and be more than a create in progress), and counts its users so it
            // cannot be deleted under them.
            transaction.update(Part.CONNECTION, update -> update
                    .key(Keys.connection(teamId, secret.vaultConnectionId()))
                    .updateExpression("ADD secret_ref_count :one")
                    .conditionExpression("attribute_exists(PK) AND attribute_not_exists(pending)")
                    .expressionAttributeValues(Map.of(":one", n(1))));
        }
        transaction.putRecord(Part.IDEMPOTENCY, record);
        transaction.audit(Part.AUDIT, audit);
        table.transact(transaction, refused -> {
            IdempotencyItems.refused(refused, Part.IDEMPOTENCY);
            if (refused.failed(Part.NAME_LOCK)) {
                throw new SecretNameConflictException(secret.name(), refused.holder(Part.NAME_LOCK, "secret_id"));
            }
            if (refused.failed(Part.TEAM)) {
                throw TeamItems.secretLimitExceeded(refused.oldItem(Part.TEAM));
            }
            if (refused.failed(Part.CONNECTION)) {
                throw new VaultConnectionNotFoundException(secret.vaultConnectionId());
            }
            if (refused.failed(Part.SECRET)) {
                throw new IllegalStateException("secret id collision");
            }
        });
    }

    @Override
    public void updateSecret(Secret previous, Secret updated, AuditEvent audit, IdempotencyRecord record) {
        // A rename moves the lock; an edit keeping the name keeps it, under whichever key it was taken.
        Map<String, AttributeValue> held = previous.name().equals(updated.name()) ? null : heldNameLock(previous);
        boolean renamed = held != null && !held.equals(Keys.secretName(updated.teamId(), updated.normalizedName()));
        // updated_at is the version: the write applies only to the state we read.
        Transaction<Part> transaction = table.<Part>transaction()
                .put(Part.SECRET, put -> put.item(SecretItems.item(updated))
                        .conditionExpression(ReadVersion.condition(previous.pending()))
                        .expressionAttributeValues(ReadVersion.values(previous.updatedAt(), previous.pending()))
                        .returnValuesOnConditionCheckFailure(ALL_OLD));
        if (renamed) {
            transaction.delete(Part.RELEASED_NAME_LOCK, NameLocks.release(held, "secret_id", previous.id()))
                    .put(Part.NAME_LOCK, NameLocks.take(SecretItems.nameLock(updated)));
        }
        transaction.putRecord(Part.IDEMPOTENCY, record);
        transaction.audit(Part.AUDIT, audit);
        table.transact(transaction, refused -> {
            IdempotencyItems.refused(refused, Part.IDEMPOTENCY);
            secretConditions(previous, refused);
            if (refused.failed(Part.NAME_LOCK)) {
                throw new SecretNameConflictException(updated.name(), refused.holder(Part.NAME_LOCK, "secret_id"));
            }
            if (refused.failed(Part.RELEASED_NAME_LOCK)) {
                throw new SecretModifiedException(previous.id());
            }
        });
    }

    @Override
    public void deleteSecret(Secret secret, AuditEvent audit, IdempotencyRecord record) {
        UUID teamId = secret.teamId();
        Transaction<Part> transaction = table.<Part>transaction()
                .delete(Part.SECRET, delete -> delete.key(Keys.secret(teamId, secret.id()))
                        .conditionExpression(ReadVersion.condition(secret.pending()))
                        .expressionAttributeValues(ReadVersion.values(secret.updatedAt(), secret.pending()))
                        .returnValuesOnConditionCheckFailure(ALL_OLD))
                .delete(Part.RELEASED_NAME_LOCK, NameLocks.release(heldNameLock(secret), "secret_id", secret.id()))
                // Frees the tier slot; the counter only ever moves inside the transactions that add or remove secrets.
                .update(Part.TEAM, update -> update.key(Keys.team(teamId))
                        .updateExpression("ADD #count :minus_one")
                        .conditionExpression("attribute_exists(PK)")
                        .expressionAttributeNames(Map.of("#count", "secret_count"))
                        .expressionAttributeValues(Map.of(":minus_one", n(-1))));
        if (secret.external()) {
            transaction.update(Part.CONNECTION, update -> update
                    .key(Keys.connection(teamId, secret.vaultConnectionId()))
                    .updateExpression("ADD secret_ref_count :minus_one")
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":minus_one", n(-1))));
        }
        transaction.removeRecord(Part.IDEMPOTENCY, record);
        transaction.audit(Part.AUDIT, audit);
        table.transact(transaction, refused -> {
            IdempotencyItems.refused(refused, Part.IDEMPOTENCY);
            secretConditions(secret, refused);
            if (refused.failed(Part.RELEASED_NAME_LOCK)) {
                throw new SecretModifiedException(secret.id());
            }
        });
    }

    private Map<String, AttributeValue> heldNameLock(Secret secret) {
        return NameLocks.held(table, key -> Keys.secretName(secret.teamId(), key), "secret_id", secret.id(),
                secret.name());
    }

    /** The secret item's version condition failed: gone (no old item) or changed since read. */
    private static void secretConditions(Secret read, Cancellation<Part> refused) {
        if (refused.failed(Part.SECRET)) {
            Map<String, AttributeValue> current = refused.oldItem(Part.SECRET);
            if (current == null || current.isEmpty()) {
                throw new SecretNotFoundException(read.id());
            }
            throw new SecretModifiedException(read.id());
        }
    }

    @Override
    public Optional<Secret> findSecret(UUID teamId, UUID secretId) {
        return table.get(Keys.secret(teamId, secretId)).map(SecretItems::toSecret);
    }

    @Override
    public boolean recordVerification(Secret checked, Verification verification) {
        // One attribute, so the verify role's IAM can allow exactly it (dynamodb:Attributes); the condition keeps
        // it off a secret whose credentials changed (or that went) since they were read.
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":v", SecretItems.verificationEntry(verification));
        String condition = "attribute_exists(PK) AND attribute_not_exists(pending) AND ";
        if (checked.credentialVersion() == null) {
            condition += "attribute_not_exists(credential_version)";
        } else {
            condition += "credential_version = :cv";
            values.put(":cv", Attributes.n(checked.credentialVersion()));
        }
        String expression = condition;
        return table.updateIf(Keys.secret(checked.teamId(), checked.id()), update -> update
                .updateExpression("SET " + SecretItems.VERIFICATION + " = :v").conditionExpression(expression)
                .expressionAttributeValues(values));
    }

    @Override
    public List<Secret> listSecrets(UUID teamId) {
        List<Secret> result = new ArrayList<>();
        table.queryTeam(teamId, Keys.SECRET_PREFIX, item -> result.add(SecretItems.toSecret(item)));
        return result;
    }
}
