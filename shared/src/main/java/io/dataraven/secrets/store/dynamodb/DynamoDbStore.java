package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.sweep.CredentialOwners;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.SecretType;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.store.aws.SdkFailures;
import io.dataraven.secrets.store.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import io.dataraven.secrets.secret.SecretModifiedException;
import io.dataraven.secrets.secret.SecretNameConflictException;
import io.dataraven.secrets.secret.SecretNotFoundException;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionInUseException;
import io.dataraven.secrets.vault.VaultConnectionModifiedException;
import io.dataraven.secrets.vault.VaultConnectionNameConflictException;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import io.dataraven.secrets.vault.VaultSettings;
import io.dataraven.secrets.vault.VaultType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Metadata in one DynamoDB table, partitioned by team (see the README's table layout). Quotas and name
 * uniqueness are enforced by conditions inside one TransactWriteItems, never by a read before the write.
 * Uses the low-level client: the transaction needs update expressions on the team counter, and the enhanced
 * client's bean introspection would cost cold start for four small item shapes.
 */
public final class DynamoDbStore implements SecretRepository, TeamRepository, VaultConnectionRepository,
        CredentialOwners {

    static final String PK = "PK";
    static final String SK = "SK";
    static final String TEAM_SK = "TEAM";
    static final String SECRET_PREFIX = "SECRET#";
    static final String NAME_PREFIX = "SECRETNAME#";
    static final String VAULTCONN_PREFIX = "VAULTCONN#";
    static final String VAULTCONNNAME_PREFIX = "VAULTCONNNAME#";

    /** Transactions on one team's counter conflict when they overlap; retry those a few times with jitter. */
    private static final int MAX_CONFLICT_ATTEMPTS = 8;
    /** How often a transaction that got no answer is repeated with its token before the outcome is reported unknown. */
    private static final int MAX_UNANSWERED_REPEATS = 2;
    private static final AttributeValue TRUE = AttributeValue.builder().bool(true).build();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    static String teamPk(UUID teamId) {
        return "TEAM#" + teamId;
    }

    // ---- secrets ----

    @Override
    public void createSecret(Secret secret) {
        String pk = teamPk(secret.teamId());
        List<TransactWriteItem> items = new ArrayList<>(4);
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(secretItem(secret))
                .conditionExpression("attribute_not_exists(PK)").build()).build());
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(nameLock(secret))
                .conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build());
        // A team never seen before has no item yet: it starts as Free with the Free limit.
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(pk, TEAM_SK))
                .updateExpression("SET #count = if_not_exists(#count, :zero) + :one, "
                        + "#tier = if_not_exists(#tier, :free), #limit = if_not_exists(#limit, :free_limit), "
                        + "entity = :team")
                .conditionExpression("attribute_not_exists(PK) OR #count < #limit")
                .expressionAttributeNames(Map.of("#count", "secret_count", "#tier", "tier", "#limit", "secret_limit"))
                .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":free", s(Tier.FREE.wire()),
                        ":free_limit", n(Tier.FREE.secretLimit()), ":team", s("team")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        if (secret.external()) {
            // The connection must still exist (and be more than a create in progress), and counts its users so it
            // cannot be deleted under them.
            items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(key(pk, VAULTCONN_PREFIX + secret.vaultConnectionId()))
                    .updateExpression("ADD secret_ref_count :one")
                    .conditionExpression("attribute_exists(PK) AND attribute_not_exists(pending)")
                    .expressionAttributeValues(Map.of(":one", n(1)))
                    .build()).build());
        }
        transact(items, reasons -> {
            if (failed(reasons, 1)) {
                throw new SecretNameConflictException(secret.name(), holder(reasons.get(1), "secret_id"));
            }
            if (failed(reasons, 2)) {
                Map<String, AttributeValue> team = reasons.get(2).item();
                Tier tier = team == null ? Tier.FREE : Tier.fromWire(str(team, "tier")).orElse(Tier.FREE);
                int limit = team == null || !team.containsKey("secret_limit") ? tier.secretLimit()
                        : Integer.parseInt(team.get("secret_limit").n());
                throw new TierLimitExceededException(tier, limit);
            }
            if (secret.external() && failed(reasons, 3)) {
                throw new VaultConnectionNotFoundException(secret.vaultConnectionId());
            }
            if (failed(reasons, 0)) {
                throw new IllegalStateException("secret id collision");
            }
        });
    }

    @Override
    public void updateSecret(Secret previous, Secret updated) {
        String pk = teamPk(previous.teamId());
        boolean renamed = !previous.normalizedName().equals(updated.normalizedName());
        List<TransactWriteItem> items = new ArrayList<>(3);
        // updated_at is the version: the write applies only to the state we read.
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(secretItem(updated))
                .conditionExpression(readVersionCondition(previous.pending()))
                .expressionAttributeValues(readVersionValues(previous.updatedAt(), previous.pending()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        if (renamed) {
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(key(pk, NAME_PREFIX + previous.normalizedName()))
                    .conditionExpression("secret_id = :id")
                    .expressionAttributeValues(Map.of(":id", s(previous.id().toString())))
                    .build()).build());
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(nameLock(updated))
                    .conditionExpression("attribute_not_exists(PK)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build());
        }
        transact(items, reasons -> {
            secretConditions(previous, reasons);
            if (renamed && failed(reasons, 2)) {
                throw new SecretNameConflictException(updated.name(), holder(reasons.get(2), "secret_id"));
            }
            if (renamed && failed(reasons, 1)) {
                throw new SecretModifiedException(previous.id());
            }
        });
    }

    @Override
    public void deleteSecret(Secret secret) {
        String pk = teamPk(secret.teamId());
        List<TransactWriteItem> items = new ArrayList<>(4);
        items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(pk, SECRET_PREFIX + secret.id()))
                .conditionExpression(readVersionCondition(secret.pending()))
                .expressionAttributeValues(readVersionValues(secret.updatedAt(), secret.pending()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(pk, NAME_PREFIX + secret.normalizedName()))
                .conditionExpression("secret_id = :id")
                .expressionAttributeValues(Map.of(":id", s(secret.id().toString())))
                .build()).build());
        // Frees the tier slot; the counter only ever moves inside the transactions that add or remove secrets.
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(pk, TEAM_SK))
                .updateExpression("ADD #count :minus_one")
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeNames(Map.of("#count", "secret_count"))
                .expressionAttributeValues(Map.of(":minus_one", n(-1)))
                .build()).build());
        if (secret.external()) {
            items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(key(pk, VAULTCONN_PREFIX + secret.vaultConnectionId()))
                    .updateExpression("ADD secret_ref_count :minus_one")
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":minus_one", n(-1)))
                    .build()).build());
        }
        transact(items, reasons -> {
            secretConditions(secret, reasons);
            if (failed(reasons, 1)) {
                throw new SecretModifiedException(secret.id());
            }
        });
    }

    /**
     * The state a write applies to: the version read ({@code updated_at}) and whether it was a pending create, so
     * an activation and the removal of an abandoned create can never both succeed.
     */
    private static String readVersionCondition(boolean pending) {
        return "updated_at = :read_version AND " + (pending ? "pending = :true" : "attribute_not_exists(pending)");
    }

    private static Map<String, AttributeValue> readVersionValues(Instant readVersion, boolean pending) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":read_version", s(readVersion.toString()));
        if (pending) {
            values.put(":true", TRUE);
        }
        return values;
    }

    /** Who holds a name lock, from the old item a failed condition returned. */
    private static UUID holder(CancellationReason reason, String attribute) {
        String id = reason.item() == null ? null : str(reason.item(), attribute);
        return id == null ? null : UUID.fromString(id);
    }

    /** The secret item's version condition failed: gone (no old item) or changed since read. */
    private static void secretConditions(Secret read, List<CancellationReason> reasons) {
        if (failed(reasons, 0)) {
            Map<String, AttributeValue> current = reasons.get(0).item();
            if (current == null || current.isEmpty()) {
                throw new SecretNotFoundException(read.id());
            }
            throw new SecretModifiedException(read.id());
        }
    }

    @Override
    public Optional<Secret> findSecret(UUID teamId, UUID secretId) {
        GetItemResponse response = call(() -> dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(teamPk(teamId), SECRET_PREFIX + secretId))));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(toSecret(response.item())) : Optional.empty();
    }

    @Override
    public List<Secret> listSecrets(UUID teamId) {
        List<Secret> result = new ArrayList<>();
        queryPartition(teamId, SECRET_PREFIX, item -> result.add(toSecret(item)));
        return result;
    }

    // ---- teams ----

    @Override
    public Optional<Team> findTeam(UUID teamId) {
        GetItemResponse response = call(() -> dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(teamPk(teamId), TEAM_SK))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        Tier tier = Tier.fromWire(str(item, "tier")).orElse(Tier.FREE);
        return Optional.of(new Team(teamId, tier, num(item, "secret_count", 0), num(item, "secret_limit", tier.secretLimit())));
    }

    @Override
    public void setTier(UUID teamId, Tier tier) {
        call(() -> dynamo.updateItem(r -> r.tableName(table).key(key(teamPk(teamId), TEAM_SK))
                .updateExpression("SET #tier = :tier, #limit = :limit, #count = if_not_exists(#count, :zero), "
                        + "#vlimit = :vlimit, entity = :team")
                .expressionAttributeNames(Map.of("#tier", "tier", "#limit", "secret_limit", "#count", "secret_count",
                        "#vlimit", "vault_connection_limit"))
                .expressionAttributeValues(Map.of(":tier", s(tier.wire()), ":limit", n(tier.secretLimit()),
                        ":vlimit", n(tier.vaultConnectionLimit()), ":zero", n(0), ":team", s("team")))));
    }

    @Override
    public boolean applyPlan(UUID teamId, Tier tier, long order) {
        try {
            call(() -> dynamo.updateItem(r -> r.tableName(table).key(key(teamPk(teamId), TEAM_SK))
                    .updateExpression("SET #tier = :tier, #limit = :limit, #vlimit = :vlimit, plan_order = :order, "
                            + "#count = if_not_exists(#count, :zero), entity = :team")
                    // Newest plan wins; a deleted team stays deleted.
                    .conditionExpression("(attribute_not_exists(plan_order) OR plan_order < :order) "
                            + "AND attribute_not_exists(deleted_at)")
                    .expressionAttributeNames(Map.of("#tier", "tier", "#limit", "secret_limit",
                            "#vlimit", "vault_connection_limit", "#count", "secret_count"))
                    .expressionAttributeValues(Map.of(":tier", s(tier.wire()), ":limit", n(tier.secretLimit()),
                            ":vlimit", n(tier.vaultConnectionLimit()), ":order",
                            AttributeValue.builder().n(Long.toString(order)).build(), ":zero", n(0),
                            ":team", s("team")))));
            return true;
        } catch (ConditionalCheckFailedException stale) {
            return false;
        }
    }

    @Override
    public void markDeleted(UUID teamId, Instant at, Instant retainUntil) {
        // Limits of zero make every create's condition fail from now on; expires_at is the table's TTL attribute.
        call(() -> dynamo.updateItem(r -> r.tableName(table).key(key(teamPk(teamId), TEAM_SK))
                .updateExpression("SET deleted_at = if_not_exists(deleted_at, :at), #limit = :zero, #vlimit = :zero, "
                        + "expires_at = :ttl, #count = if_not_exists(#count, :zero), "
                        + "#vcount = if_not_exists(#vcount, :zero), #tier = if_not_exists(#tier, :free), entity = :team")
                // Both counters exist from here on, so "count < limit" (0 < 0) refuses every create.
                .expressionAttributeNames(Map.of("#limit", "secret_limit", "#vlimit", "vault_connection_limit",
                        "#count", "secret_count", "#vcount", "vault_connection_count", "#tier", "tier"))
                .expressionAttributeValues(Map.of(":at", s(at.toString()), ":zero", n(0),
                        ":ttl", AttributeValue.builder().n(Long.toString(retainUntil.getEpochSecond())).build(),
                        ":free", s(Tier.FREE.wire()), ":team", s("team")))));
    }

    @Override
    public boolean isDeleted(UUID teamId) {
        GetItemResponse response = call(() -> dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(teamPk(teamId), TEAM_SK))));
        return response.hasItem() && response.item().containsKey("deleted_at");
    }

    // ---- vault connections ----

    @Override
    public Optional<VaultConnection> findVaultConnection(UUID teamId, UUID connectionId) {
        GetItemResponse response = call(() -> dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(teamPk(teamId), VAULTCONN_PREFIX + connectionId))));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(toVaultConnection(response.item())) : Optional.empty();
    }

    @Override
    public List<VaultConnection> listVaultConnections(UUID teamId) {
        List<VaultConnection> result = new ArrayList<>();
        queryPartition(teamId, VAULTCONN_PREFIX, item -> result.add(toVaultConnection(item)));
        return result;
    }

    @Override
    public void createVaultConnection(VaultConnection connection) {
        String pk = teamPk(connection.teamId());
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(connectionItem(connection))
                        .conditionExpression("attribute_not_exists(PK)").build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(connectionNameLock(connection))
                        .conditionExpression("attribute_not_exists(PK)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build())
                        .build(),
                // Like secrets: a team never seen starts Free; a missing counter means no connection yet.
                TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(key(pk, TEAM_SK))
                        .updateExpression("SET #vcount = if_not_exists(#vcount, :zero) + :one, "
                                + "#vlimit = if_not_exists(#vlimit, :free_vlimit), #tier = if_not_exists(#tier, :free), "
                                + "#limit = if_not_exists(#limit, :free_limit), #count = if_not_exists(#count, :zero), "
                                + "entity = :team")
                        .conditionExpression("attribute_not_exists(#vcount) OR #vcount < #vlimit")
                        .expressionAttributeNames(Map.of("#vcount", "vault_connection_count",
                                "#vlimit", "vault_connection_limit", "#tier", "tier", "#limit", "secret_limit",
                                "#count", "secret_count"))
                        .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1),
                                ":free_vlimit", n(Tier.FREE.vaultConnectionLimit()), ":free", s(Tier.FREE.wire()),
                                ":free_limit", n(Tier.FREE.secretLimit()), ":team", s("team")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build());
        transact(items, reasons -> {
            if (failed(reasons, 1)) {
                throw new VaultConnectionNameConflictException(connection.name(),
                        holder(reasons.get(1), "connection_id"));
            }
            if (failed(reasons, 2)) {
                Map<String, AttributeValue> team = reasons.get(2).item();
                Tier tier = team == null ? Tier.FREE : Tier.fromWire(str(team, "tier")).orElse(Tier.FREE);
                throw new TierLimitExceededException(tier, team == null ? tier.vaultConnectionLimit()
                        : num(team, "vault_connection_limit", tier.vaultConnectionLimit()));
            }
            if (failed(reasons, 0)) {
                throw new IllegalStateException("vault connection id collision");
            }
        });
    }

    @Override
    public void updateVaultConnection(VaultConnection previous, VaultConnection updated) {
        String pk = teamPk(previous.teamId());
        boolean renamed = !previous.normalizedName().equals(updated.normalizedName());
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":read_version", s(previous.updatedAt().toString()),
                ":name", s(updated.name()), ":updated_at", s(updated.updatedAt().toString()),
                ":updated_by", s(updated.updatedBy())));
        values.putAll(readVersionValues(previous.updatedAt(), previous.pending()));
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
        List<TransactWriteItem> items = new ArrayList<>(3);
        // An update, not a put: the secret reference count on the item must survive.
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(pk, VAULTCONN_PREFIX + previous.id()))
                .updateExpression(set)
                .conditionExpression(readVersionCondition(previous.pending()))
                .expressionAttributeNames(Map.of("#name", "name"))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        if (renamed) {
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(key(pk, VAULTCONNNAME_PREFIX + previous.normalizedName()))
                    .conditionExpression("connection_id = :id")
                    .expressionAttributeValues(Map.of(":id", s(previous.id().toString())))
                    .build()).build());
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(connectionNameLock(updated))
                    .conditionExpression("attribute_not_exists(PK)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build());
        }
        transact(items, reasons -> {
            connectionConditions(previous, reasons);
            if (renamed && failed(reasons, 2)) {
                throw new VaultConnectionNameConflictException(updated.name(),
                        holder(reasons.get(2), "connection_id"));
            }
            if (renamed && failed(reasons, 1)) {
                throw new VaultConnectionModifiedException(previous.id());
            }
        });
    }

    @Override
    public void deleteVaultConnection(VaultConnection connection) {
        String pk = teamPk(connection.teamId());
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(pk, VAULTCONN_PREFIX + connection.id()))
                        .conditionExpression(readVersionCondition(connection.pending()) + " AND "
                                + "(attribute_not_exists(secret_ref_count) OR secret_ref_count = :zero)")
                        .expressionAttributeValues(withZero(readVersionValues(connection.updatedAt(),
                                connection.pending())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(pk, VAULTCONNNAME_PREFIX + connection.normalizedName()))
                        .conditionExpression("connection_id = :id")
                        .expressionAttributeValues(Map.of(":id", s(connection.id().toString())))
                        .build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(key(pk, TEAM_SK))
                        .updateExpression("ADD #vcount :minus_one")
                        .conditionExpression("attribute_exists(PK)")
                        .expressionAttributeNames(Map.of("#vcount", "vault_connection_count"))
                        .expressionAttributeValues(Map.of(":minus_one", n(-1)))
                        .build()).build());
        transact(items, reasons -> {
            connectionConditions(connection, reasons);
            if (failed(reasons, 1)) {
                throw new VaultConnectionModifiedException(connection.id());
            }
        });
    }

    /** The connection item's condition failed: gone, changed since read, or (for deletes) still referenced. */
    private static void connectionConditions(VaultConnection read, List<CancellationReason> reasons) {
        if (failed(reasons, 0)) {
            Map<String, AttributeValue> current = reasons.get(0).item();
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
    public void recordVerified(UUID teamId, UUID connectionId, Instant at) {
        try {
            call(() -> dynamo.updateItem(r -> r.tableName(table).key(key(teamPk(teamId), VAULTCONN_PREFIX + connectionId))
                    .updateExpression("SET last_verified_at = :at")
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":at", s(at.toString())))));
        } catch (ConditionalCheckFailedException e) {
            // deleted meanwhile: nothing to record
        }
    }

    static Map<String, AttributeValue> connectionNameLock(VaultConnection connection) {
        return Map.of(PK, s(teamPk(connection.teamId())), SK, s(VAULTCONNNAME_PREFIX + connection.normalizedName()),
                "entity", s("vault_connection_name"), "connection_id", s(connection.id().toString()));
    }

    static Map<String, AttributeValue> connectionItem(VaultConnection connection) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(teamPk(connection.teamId())));
        item.put(SK, s(VAULTCONN_PREFIX + connection.id()));
        item.put("entity", s("vault_connection"));
        item.put("id", s(connection.id().toString()));
        item.put("name", s(connection.name()));
        putIfPresent(item, "description", connection.description());
        item.put("vault_type", s(connection.vaultType().wire()));
        // Settings are attributes under their request names (a type's settings never collide with item keys).
        connection.settings().values().forEach((name, value) -> putIfPresent(item, name, value));
        item.put("created_at", s(connection.createdAt().toString()));
        item.put("created_by", s(connection.createdBy()));
        item.put("updated_at", s(connection.updatedAt().toString()));
        item.put("updated_by", s(connection.updatedBy()));
        if (connection.lastVerifiedAt() != null) {
            item.put("last_verified_at", s(connection.lastVerifiedAt().toString()));
        }
        putIfPresent(item, "credential_path", connection.credentialPath());
        putVersionAndState(item, connection.credentialVersion(), connection.pending());
        item.put("secret_ref_count", n(0));
        return item;
    }

    static VaultConnection toVaultConnection(Map<String, AttributeValue> item) {
        String teamPk = str(item, PK);
        String verified = str(item, "last_verified_at");
        String created = str(item, "created_at");
        String updated = str(item, "updated_at");
        VaultType type = VaultType.fromWire(str(item, "vault_type")).orElseThrow();
        Map<String, String> settings = new LinkedHashMap<>();
        type.settingFields().forEach(field -> settings.put(field.name(), str(item, field.name())));
        return new VaultConnection(UUID.fromString(str(item, "id")),
                UUID.fromString(teamPk.substring("TEAM#".length())), str(item, "name"), str(item, "description"),
                type, new VaultSettings(settings),
                Instant.parse(created), str(item, "created_by"),
                updated == null ? Instant.parse(created) : Instant.parse(updated),
                str(item, "updated_by") == null ? str(item, "created_by") : str(item, "updated_by"),
                verified == null ? null : Instant.parse(verified), str(item, "credential_path"),
                version(item), pending(item));
    }

    private static void putVersionAndState(Map<String, AttributeValue> item, Long version, boolean pending) {
        if (version != null) {
            item.put("credential_version", n(version));
        }
        if (pending) {
            item.put("pending", TRUE);
        }
    }

    private static Long version(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("credential_version");
        return value == null || value.n() == null ? null : Long.valueOf(value.n());
    }

    private static boolean pending(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("pending");
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    private void queryPartition(UUID teamId, String prefix, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(teamPk(teamId)), ":prefix", s(prefix)));
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse page = call(() -> dynamo.query(query.build()));
            page.items().forEach(each);
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
    }

    // ---- sweeping ----

    /** A Scan, projected to the few attributes needed: run by the scheduled sweeper only, never per request. */
    @Override
    public List<Owner> credentialOwners() {
        List<Owner> owners = new ArrayList<>();
        call(() -> {
            dynamo.scanPaginator(ScanRequest.builder().tableName(table)
                            .filterExpression("attribute_exists(credential_path)")
                            .projectionExpression("PK, entity, id, credential_path, pending, updated_at, created_at")
                            .build())
                    .forEach(page -> page.items().forEach(item -> owners.add(new Owner(
                            UUID.fromString(str(item, PK).substring("TEAM#".length())), str(item, "entity"),
                            UUID.fromString(str(item, "id")), str(item, "credential_path"), pending(item),
                            Instant.parse(str(item, "updated_at") != null ? str(item, "updated_at")
                                    : str(item, "created_at"))))));
            return null;
        });
        return owners;
    }

    // ---- helpers ----

    /**
     * Runs one logical transaction: every attempt (the SDK's own and ours) carries the same ClientRequestToken, so
     * an attempt that committed late makes the next one answer success instead of applying twice or being refused
     * by its own write. Overlap conflicts are retried with jitter; an attempt without an answer (timeout, 5xx,
     * TransactionInProgress) is repeated with the token, which turns an unknown outcome into a known one. Condition
     * failures go to {@code onCancelled}. Anything still unknown leaves as StoreUnavailableException.
     */
    private void transact(List<TransactWriteItem> items, Consumer<List<CancellationReason>> onCancelled) {
        String token = UUID.randomUUID().toString();
        boolean uncertain = false;
        int unanswered = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(items).clientRequestToken(token));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                onCancelled.accept(reasons);
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                boolean throttled = reasons.stream().anyMatch(r -> "ThrottlingError".equals(r.code()));
                if (!conflict && !throttled) {
                    throw e;
                }
                if (attempt >= MAX_CONFLICT_ATTEMPTS) {
                    throw new StoreUnavailableException("dynamodb", StoreUnavailableException.Reason.THROTTLED,
                            uncertain, conflict ? "TransactionConflict" : "ThrottlingError");
                }
                backoff(attempt);
            } catch (SdkException e) {
                boolean ambiguous = SdkFailures.ambiguous(e);
                uncertain |= ambiguous;
                if (ambiguous && unanswered++ < MAX_UNANSWERED_REPEATS) {
                    backoff(attempt);
                    continue;
                }
                if (!SdkFailures.unavailable(e)) {
                    throw e;
                }
                throw SdkFailures.translate("dynamodb", e, uncertain);
            }
        }
    }

    /** Runs a single-item call, translating a throttled or unanswered one for the services. */
    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            if (SdkFailures.unavailable(e)) { // a failed condition is an answer: it passes through
                throw SdkFailures.translate("dynamodb", e);
            }
            throw e;
        }
    }

    private static void backoff(int attempt) {
        long ceiling = Math.min(200, 10L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction");
        }
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    static Map<String, AttributeValue> nameLock(Secret secret) {
        return Map.of(PK, s(teamPk(secret.teamId())), SK, s(NAME_PREFIX + secret.normalizedName()),
                "entity", s("secret_name"), "secret_id", s(secret.id().toString()));
    }

    static Map<String, AttributeValue> secretItem(Secret secret) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(teamPk(secret.teamId())));
        item.put(SK, s(SECRET_PREFIX + secret.id()));
        item.put("entity", s("secret"));
        item.put("id", s(secret.id().toString()));
        item.put("name", s(secret.name()));
        item.put("name_normalized", s(secret.normalizedName()));
        putIfPresent(item, "description", secret.description());
        item.put("secret_type", s(secret.secretType().wire()));
        item.put("auth_method", s(secret.authMethod().wire()));
        item.put("created_at", s(secret.createdAt().toString()));
        item.put("created_by", s(secret.createdBy()));
        item.put("updated_at", s(secret.updatedAt().toString()));
        item.put("updated_by", s(secret.updatedBy()));
        putIfPresent(item, "credential_path", secret.credentialPath());
        putVersionAndState(item, secret.credentialVersion(), secret.pending());
        if (secret.external()) {
            item.put("vault_connection_id", s(secret.vaultConnectionId().toString()));
            item.put("vault_type", s(secret.vaultType().wire()));
            Map<String, AttributeValue> mappings = new HashMap<>();
            secret.fieldMappings().forEach((field, ref) -> mappings.put(field, s(ref)));
            item.put("field_mappings", AttributeValue.builder().m(mappings).build());
        }
        return item;
    }

    static Secret toSecret(Map<String, AttributeValue> item) {
        String connection = str(item, "vault_connection_id");
        Map<String, String> mappings = null;
        if (item.containsKey("field_mappings")) {
            mappings = new HashMap<>();
            for (Map.Entry<String, AttributeValue> e : item.get("field_mappings").m().entrySet()) {
                mappings.put(e.getKey(), e.getValue().s());
            }
        }
        String teamPk = str(item, PK);
        return new Secret(UUID.fromString(str(item, "id")), UUID.fromString(teamPk.substring("TEAM#".length())),
                str(item, "name"), str(item, "description"),
                SecretType.fromWire(str(item, "secret_type")).orElseThrow(),
                AuthMethod.fromWire(str(item, "auth_method")).orElseThrow(),
                Instant.parse(str(item, "created_at")), str(item, "created_by"),
                Instant.parse(str(item, "updated_at")), str(item, "updated_by"),
                str(item, "credential_path"),
                connection == null ? null : UUID.fromString(connection),
                connection == null ? null : VaultType.fromWire(str(item, "vault_type")).orElseThrow(),
                mappings, version(item), pending(item));
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static Map<String, AttributeValue> withZero(Map<String, AttributeValue> values) {
        values.put(":zero", n(0));
        return values;
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static int num(Map<String, AttributeValue> item, String name, int fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? fallback : Integer.parseInt(value.n());
    }
}
