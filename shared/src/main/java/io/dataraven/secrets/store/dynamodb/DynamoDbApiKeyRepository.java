package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.apikey.ApiKey;
import io.dataraven.secrets.apikey.ApiKeyModifiedException;
import io.dataraven.secrets.apikey.ApiKeyNotFoundException;
import io.dataraven.secrets.apikey.ApiKeyRepository;
import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.store.StoreUnavailableException;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.team.TierLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToIntFunction;

import static io.dataraven.secrets.store.dynamodb.Attributes.n;
import static io.dataraven.secrets.store.dynamodb.Attributes.num;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.CONNECTION_COUNT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.CONNECTION_LIMIT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.SECRET_COUNT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.SECRET_LIMIT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.TIER;

/**
 * API keys in the team's partition. The cap counts keys active at the create's time, which no counter can hold
 * (a key stops counting when it expires, without a write), so a create reads the team's keys and commits only if
 * the team item's {@code api_key_seq} is still what it read: two concurrent creates cannot both take the last slot.
 */
public final class DynamoDbApiKeyRepository implements ApiKeyRepository {

    private enum Part { KEY, TEAM, AUDIT }

    private static final ReturnValuesOnConditionCheckFailure ALL_OLD = ReturnValuesOnConditionCheckFailure.ALL_OLD;
    /** Creates that lost the sequence to a concurrent create read again; past this the table is too contended. */
    private static final int MAX_CREATE_ATTEMPTS = 5;
    /** The last-use write rides on a request: it must never hold it for long. */
    private static final Duration USE_WRITE_BUDGET = Duration.ofSeconds(1);

    private final DynamoDbTable table;

    public DynamoDbApiKeyRepository(DynamoDbTable table) {
        this.table = table;
    }

    @Override
    public Optional<ApiKey> findApiKey(UUID teamId, String keyId) {
        return table.get(Keys.apiKey(teamId, keyId)).map(ApiKeyItems::toApiKey);
    }

    @Override
    public List<ApiKey> listApiKeys(UUID teamId) {
        List<ApiKey> keys = new ArrayList<>();
        table.queryTeam(teamId, Keys.API_KEY_PREFIX, item -> keys.add(ApiKeyItems.toApiKey(item)));
        return keys;
    }

    /** The sequence moved under us: read again. */
    private static final class SequenceMoved extends RuntimeException {
        SequenceMoved() {
            super(null, null, false, false);
        }
    }

    @Override
    public void createApiKey(ApiKey key, ToIntFunction<Tier> limit, AuditEvent audit) {
        UUID teamId = key.teamId();
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> team = table.get(Keys.team(teamId)).orElse(null);
            Tier tier = TeamItems.tier(team);
            if (team != null && team.containsKey("deleted_at")) {
                throw new TierLimitExceededException(tier, 0);
            }
            long sequence = team == null ? 0 : num(team, "api_key_seq", 0);
            int cap = limit.applyAsInt(tier);
            long active = listApiKeys(teamId).stream().filter(k -> k.activeAt(key.createdAt())).count();
            if (active >= cap) {
                throw new TierLimitExceededException(tier, cap);
            }
            TeamItemUpdate next = new TeamItemUpdate().set("api_key_seq = :next_seq", ":next_seq", n(sequence + 1))
                    .keep(TIER).keep(SECRET_COUNT).keep(SECRET_LIMIT).keep(CONNECTION_COUNT).keep(CONNECTION_LIMIT);
            String condition = "attribute_not_exists(deleted_at) AND ";
            if (sequence == 0) {
                condition += "attribute_not_exists(api_key_seq)";
            } else {
                condition += "api_key_seq = :read_seq";
                next.conditionValue(":read_seq", n(sequence));
            }
            String teamCondition = condition;
            Transaction<Part> transaction = table.<Part>transaction()
                    .put(Part.KEY, put -> put.item(ApiKeyItems.item(key)).conditionExpression("attribute_not_exists(PK)"))
                    .update(Part.TEAM, update -> next.applyTo(update.key(Keys.team(teamId)))
                            .conditionExpression(teamCondition));
            transaction.audit(Part.AUDIT, audit);
            try {
                table.transact(transaction, refused -> {
                    if (refused.failed(Part.TEAM)) {
                        throw new SequenceMoved(); // a concurrent create, or the team was deleted: read again
                    }
                    if (refused.failed(Part.KEY)) {
                        throw new IllegalStateException("api key id collision");
                    }
                });
                return;
            } catch (SequenceMoved moved) {
                if (attempt >= MAX_CREATE_ATTEMPTS) {
                    throw new StoreUnavailableException("dynamodb", StoreUnavailableException.Reason.THROTTLED,
                            false, "TransactionConflict");
                }
            }
        }
    }

    @Override
    public void updateApiKey(ApiKey previous, ApiKey updated, AuditEvent audit) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":read_version", s(previous.updatedAt().toString()),
                ":name", s(updated.name()), ":hash", s(updated.secretHash()),
                ":updated_at", s(updated.updatedAt().toString()),
                ":scopes", AttributeValue.builder().l(updated.scopes().stream().map(Attributes::s).toList()).build()));
        StringBuilder set = new StringBuilder("SET #name = :name, scopes = :scopes, secret_hash = :hash, "
                + "updated_at = :updated_at");
        if (updated.revokedAt() != null) {
            set.append(", revoked_at = :revoked_at");
            values.put(":revoked_at", s(updated.revokedAt().toString()));
        }
        if (updated.rotatedAt() != null) {
            set.append(", rotated_at = :rotated_at");
            values.put(":rotated_at", s(updated.rotatedAt().toString()));
        }
        // An update, not a put: the last use written meanwhile stays.
        Transaction<Part> transaction = table.<Part>transaction()
                .update(Part.KEY, update -> update.key(Keys.apiKey(previous.teamId(), previous.keyId()))
                        .updateExpression(set.toString())
                        .conditionExpression("updated_at = :read_version")
                        .expressionAttributeNames(Map.of("#name", "name"))
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ALL_OLD));
        transaction.audit(Part.AUDIT, audit);
        table.transact(transaction, refused -> refusedKey(previous, refused));
    }

    @Override
    public void deleteApiKey(ApiKey key, AuditEvent audit) {
        Transaction<Part> transaction = table.<Part>transaction()
                .delete(Part.KEY, delete -> delete.key(Keys.apiKey(key.teamId(), key.keyId()))
                        .conditionExpression("updated_at = :read_version")
                        .expressionAttributeValues(Map.of(":read_version", s(key.updatedAt().toString())))
                        .returnValuesOnConditionCheckFailure(ALL_OLD));
        transaction.audit(Part.AUDIT, audit);
        table.transact(transaction, refused -> refusedKey(key, refused));
    }

    private static void refusedKey(ApiKey read, Cancellation<Part> refused) {
        if (refused.failed(Part.KEY)) {
            if (refused.oldItem(Part.KEY) == null || refused.oldItem(Part.KEY).isEmpty()) {
                throw new ApiKeyNotFoundException(read.keyId());
            }
            throw new ApiKeyModifiedException(read.keyId());
        }
    }

    @Override
    public void recordUse(ApiKey key, Instant at, String sourceIp, Instant notAfter) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":at", s(at.toString()),
                ":cutoff", s(notAfter.toString()), ":version", s(key.updatedAt().toString())));
        String set = "SET last_used_at = :at";
        if (sourceIp != null) {
            set += ", last_used_ip = :ip";
            values.put(":ip", s(sourceIp));
        }
        String expression = set;
        // Conditioned on the version read, so a rotation or revocation in between is never overwritten, and
        // never creates an item (a missing key has no updated_at).
        table.updateIf(Keys.apiKey(key.teamId(), key.keyId()), update -> update.updateExpression(expression)
                .conditionExpression("updated_at = :version AND (attribute_not_exists(last_used_at) "
                        + "OR last_used_at < :cutoff)")
                .expressionAttributeValues(values)
                .overrideConfiguration(o -> o.apiCallTimeout(USE_WRITE_BUDGET)));
    }
}
