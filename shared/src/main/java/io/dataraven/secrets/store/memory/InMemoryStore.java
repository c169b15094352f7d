package io.dataraven.secrets.store.memory;

import io.dataraven.secrets.expiry.ExpiryNotice;
import io.dataraven.secrets.expiry.ExpiryNoticeRepository;

import io.dataraven.secrets.apikey.ApiKey;
import io.dataraven.secrets.apikey.ApiKeyModifiedException;
import io.dataraven.secrets.apikey.ApiKeyNotFoundException;
import io.dataraven.secrets.apikey.ApiKeyRepository;
import java.util.function.ToIntFunction;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.idempotency.IdempotencyRecord;
import io.dataraven.secrets.idempotency.IdempotencyRecordExistsException;
import io.dataraven.secrets.idempotency.IdempotencyRecords;
import io.dataraven.secrets.sweep.CredentialOwners;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.Verification;
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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Metadata in memory, for the local server and service tests. One lock stands in for DynamoDB's transactions,
 * so the same rules hold: all changes of a create apply together or not at all. Passes the same contract
 * suite as the DynamoDB adapter.
 */
public final class InMemoryStore implements SecretRepository, TeamRepository, VaultConnectionRepository,
        CredentialOwners, ApiKeyRepository, IdempotencyRecords, ExpiryNoticeRepository {

    private record TeamState(Tier tier, int secretCount, int secretLimit, int vaultConnectionCount) {
        TeamState(Tier tier, int secretCount, int secretLimit) {
            this(tier, secretCount, secretLimit, 0);
        }

        TeamState withSecrets(int count) {
            return new TeamState(tier, count, secretLimit, vaultConnectionCount);
        }
    }

    private static final TeamState UNSEEN = new TeamState(Tier.FREE, 0, Tier.FREE.secretLimit(), 0);

    /** Where committed audit events go at once, as DynamoDB's stream hands the outbox items to the relay. */
    private final Consumer<AuditEvent> auditRelay;
    private final List<AuditEvent> auditEvents = new ArrayList<>();

    public InMemoryStore() {
        this(event -> {
        });
    }

    /** @param auditRelay gets each audit event as its change commits (the local server's audit log) */
    public InMemoryStore(Consumer<AuditEvent> auditRelay) {
        this.auditRelay = auditRelay;
    }

    /** The audit events committed so far, in order: the outbox items a DynamoDB table would hold. */
    public synchronized List<AuditEvent> auditEvents() {
        return List.copyOf(auditEvents);
    }

    private void committed(AuditEvent audit) {
        if (audit != null) {
            auditEvents.add(audit);
            try {
                auditRelay.accept(audit);
            } catch (RuntimeException e) {
                // As with the stream: the change is committed; a relay that fails does not undo it.
            }
        }
    }

    private final Map<UUID, Map<UUID, Secret>> secrets = new HashMap<>();
    private final Map<UUID, Map<String, UUID>> nameLocks = new HashMap<>();
    private final Map<UUID, TeamState> teams = new HashMap<>();
    private final Map<UUID, Map<UUID, VaultConnection>> connections = new HashMap<>();
    private final Map<UUID, Map<String, UUID>> connectionNameLocks = new HashMap<>();
    private final Map<UUID, Long> planOrders = new HashMap<>();
    private final Set<UUID> deletedTeams = new HashSet<>();
    private final Map<UUID, Integer> connectionRefs = new HashMap<>();
    private final Map<UUID, Map<String, ApiKey>> apiKeys = new HashMap<>();
    /** The expiry notices recorded (each key once), as the DynamoDB adapter's marker items. */
    private final Set<String> expiryNotices = new HashSet<>();
    /** Per team, by key hash: as in the team's partition of the table. Expired ones stay until replaced (lazy TTL). */
    private final Map<UUID, Map<String, IdempotencyRecord>> idempotency = new HashMap<>();

    /** The condition of a record's put, checked before every other one (as the DynamoDB adapter reads them). */
    private void checkPut(IdempotencyRecord record) {
        if (record == null) {
            return;
        }
        IdempotencyRecord stored = idempotency.getOrDefault(record.teamId(), Map.of()).get(record.keyHash());
        if (stored != null && !stored.replaceableBy(record)) {
            throw new IdempotencyRecordExistsException(stored);
        }
    }

    /** The condition of a record's removal: absent, or still the pending one of the same create. */
    private void checkRemove(IdempotencyRecord record) {
        if (record == null) {
            return;
        }
        IdempotencyRecord stored = idempotency.getOrDefault(record.teamId(), Map.of()).get(record.keyHash());
        if (stored != null && (stored.complete() || !stored.resourceId().equals(record.resourceId()))) {
            throw new IdempotencyRecordExistsException(stored);
        }
    }

    private void put(IdempotencyRecord record) {
        if (record != null) {
            idempotency.computeIfAbsent(record.teamId(), t -> new HashMap<>()).put(record.keyHash(), record);
        }
    }

    private void remove(IdempotencyRecord record) {
        if (record != null) {
            idempotency.getOrDefault(record.teamId(), new HashMap<>()).remove(record.keyHash());
        }
    }

    @Override
    public synchronized Optional<IdempotencyRecord> findRecord(UUID teamId, String keyHash) {
        return Optional.ofNullable(idempotency.getOrDefault(teamId, Map.of()).get(keyHash));
    }

    @Override
    public synchronized void removeRecord(IdempotencyRecord record) {
        checkRemove(record);
        remove(record);
    }

    @Override
    public synchronized void createSecret(Secret secret, AuditEvent audit, IdempotencyRecord record) {
        checkPut(record);
        UUID team = secret.teamId();
        Map<UUID, Secret> teamSecrets = secrets.computeIfAbsent(team, t -> new HashMap<>());
        Map<String, UUID> locks = nameLocks.computeIfAbsent(team, t -> new HashMap<>());
        if (teamSecrets.containsKey(secret.id())) {
            throw new IllegalStateException("secret id already exists");
        }
        if (locks.containsKey(secret.normalizedName())) {
            throw new SecretNameConflictException(secret.name(), locks.get(secret.normalizedName()));
        }
        TeamState state = teams.getOrDefault(team, UNSEEN);
        if (state.secretCount() >= state.secretLimit()) {
            throw new TierLimitExceededException(state.tier(), state.secretLimit());
        }
        if (secret.external() && findVaultConnectionLocked(team, secret.vaultConnectionId())
                .filter(c -> !c.pending()).isEmpty()) {
            throw new VaultConnectionNotFoundException(secret.vaultConnectionId());
        }
        teamSecrets.put(secret.id(), secret);
        locks.put(secret.normalizedName(), secret.id());
        teams.put(team, state.withSecrets(state.secretCount() + 1));
        if (secret.external()) {
            connectionRefs.merge(secret.vaultConnectionId(), 1, Integer::sum);
        }
        put(record);
        committed(audit);
    }

    @Override
    public synchronized void updateSecret(Secret previous, Secret updated, AuditEvent audit, IdempotencyRecord record) {
        checkPut(record);
        Map<UUID, Secret> teamSecrets = secrets.getOrDefault(previous.teamId(), Map.of());
        Secret current = teamSecrets.get(previous.id());
        if (current == null) {
            throw new SecretNotFoundException(previous.id());
        }
        if (!current.updatedAt().equals(previous.updatedAt()) || current.pending() != previous.pending()) {
            throw new SecretModifiedException(previous.id());
        }
        Map<String, UUID> locks = nameLocks.get(previous.teamId());
        boolean renamed = !current.normalizedName().equals(updated.normalizedName());
        if (renamed && locks.containsKey(updated.normalizedName())) {
            throw new SecretNameConflictException(updated.name(), locks.get(updated.normalizedName()));
        }
        if (renamed) {
            locks.remove(current.normalizedName());
            locks.put(updated.normalizedName(), updated.id());
        }
        teamSecrets.put(updated.id(), updated);
        put(record);
        committed(audit);
    }

    @Override
    public synchronized void deleteSecret(Secret secret, AuditEvent audit, IdempotencyRecord record) {
        checkRemove(record);
        Map<UUID, Secret> teamSecrets = secrets.getOrDefault(secret.teamId(), Map.of());
        Secret current = teamSecrets.get(secret.id());
        if (current == null) {
            throw new SecretNotFoundException(secret.id());
        }
        if (!current.updatedAt().equals(secret.updatedAt()) || current.pending() != secret.pending()) {
            throw new SecretModifiedException(secret.id());
        }
        teamSecrets.remove(secret.id());
        nameLocks.get(secret.teamId()).remove(current.normalizedName());
        TeamState state = teams.get(secret.teamId());
        teams.put(secret.teamId(), state.withSecrets(state.secretCount() - 1));
        if (current.external()) {
            connectionRefs.merge(current.vaultConnectionId(), -1, Integer::sum);
        }
        remove(record);
        committed(audit);
    }

    @Override
    public synchronized Optional<Secret> findSecret(UUID teamId, UUID secretId) {
        return Optional.ofNullable(secrets.getOrDefault(teamId, Map.of()).get(secretId));
    }

    @Override
    public synchronized boolean recordVerification(Secret checked, Verification verification) {
        Secret current = secrets.getOrDefault(checked.teamId(), Map.of()).get(checked.id());
        if (current == null || current.pending()
                || !java.util.Objects.equals(current.credentialVersion(), checked.credentialVersion())) {
            return false;
        }
        secrets.get(checked.teamId()).put(checked.id(), current.withVerification(verification));
        return true;
    }

    @Override
    public synchronized List<Secret> listSecrets(UUID teamId) {
        List<Secret> list = new ArrayList<>(secrets.getOrDefault(teamId, Map.of()).values());
        list.sort(Comparator.comparing(Secret::id));
        return list;
    }

    @Override
    public synchronized Optional<Team> findTeam(UUID teamId) {
        TeamState state = teams.get(teamId);
        return state == null ? Optional.empty()
                : Optional.of(new Team(teamId, state.tier(), state.secretCount(), state.secretLimit()));
    }

    @Override
    public synchronized void setTier(UUID teamId, Tier tier) {
        TeamState state = teams.getOrDefault(teamId, UNSEEN);
        teams.put(teamId, new TeamState(tier, state.secretCount(), tier.secretLimit(), state.vaultConnectionCount()));
    }

    @Override
    public synchronized boolean applyPlan(UUID teamId, Tier tier, long order) {
        Long applied = planOrders.get(teamId);
        if (deletedTeams.contains(teamId) || (applied != null && applied >= order)) {
            return false;
        }
        setTier(teamId, tier);
        planOrders.put(teamId, order);
        return true;
    }

    @Override
    public synchronized void markDeleted(UUID teamId, Instant at, Instant retainUntil) {
        TeamState state = teams.getOrDefault(teamId, UNSEEN);
        // A limit of zero refuses every create from now on, as the DynamoDB conditions do.
        teams.put(teamId, new TeamState(state.tier(), state.secretCount(), 0, state.vaultConnectionCount()));
        deletedTeams.add(teamId);
    }

    @Override
    public synchronized boolean isDeleted(UUID teamId) {
        return deletedTeams.contains(teamId);
    }

    @Override
    public synchronized Optional<VaultConnection> findVaultConnection(UUID teamId, UUID connectionId) {
        return findVaultConnectionLocked(teamId, connectionId);
    }

    private Optional<VaultConnection> findVaultConnectionLocked(UUID teamId, UUID connectionId) {
        return Optional.ofNullable(connections.getOrDefault(teamId, Map.of()).get(connectionId));
    }

    @Override
    public synchronized List<VaultConnection> listVaultConnections(UUID teamId) {
        List<VaultConnection> list = new ArrayList<>(connections.getOrDefault(teamId, Map.of()).values());
        list.sort(Comparator.comparing(VaultConnection::id));
        return list;
    }

    @Override
    public synchronized void createVaultConnection(VaultConnection connection, AuditEvent audit,
                                                   IdempotencyRecord record) {
        checkPut(record);
        UUID team = connection.teamId();
        Map<UUID, VaultConnection> teamConnections = connections.computeIfAbsent(team, t -> new HashMap<>());
        Map<String, UUID> locks = connectionNameLocks.computeIfAbsent(team, t -> new HashMap<>());
        if (teamConnections.containsKey(connection.id())) {
            throw new IllegalStateException("vault connection id already exists");
        }
        if (locks.containsKey(connection.normalizedName())) {
            throw new VaultConnectionNameConflictException(connection.name(), locks.get(connection.normalizedName()));
        }
        TeamState state = teams.getOrDefault(team, UNSEEN);
        if (deletedTeams.contains(team) || state.vaultConnectionCount() >= state.tier().vaultConnectionLimit()) {
            throw new TierLimitExceededException(state.tier(), state.tier().vaultConnectionLimit());
        }
        teamConnections.put(connection.id(), connection);
        locks.put(connection.normalizedName(), connection.id());
        teams.put(team, new TeamState(state.tier(), state.secretCount(), state.secretLimit(),
                state.vaultConnectionCount() + 1));
        put(record);
        committed(audit);
    }

    @Override
    public synchronized void updateVaultConnection(VaultConnection previous, VaultConnection updated, AuditEvent audit,
                                                   IdempotencyRecord record) {
        checkPut(record);
        VaultConnection current = currentConnection(previous);
        Map<String, UUID> locks = connectionNameLocks.get(previous.teamId());
        boolean renamed = !current.normalizedName().equals(updated.normalizedName());
        if (renamed && locks.containsKey(updated.normalizedName())) {
            throw new VaultConnectionNameConflictException(updated.name(), locks.get(updated.normalizedName()));
        }
        if (renamed) {
            locks.remove(current.normalizedName());
            locks.put(updated.normalizedName(), updated.id());
        }
        // last_verified_at is not part of the version (recordVerified): an edit keeps it, as DynamoDB's does
        connections.get(previous.teamId()).put(updated.id(), new VaultConnection(updated.id(), updated.teamId(),
                updated.name(), updated.description(), updated.vaultType(), updated.settings(), updated.createdAt(),
                updated.createdBy(), updated.updatedAt(), updated.updatedBy(), current.lastVerifiedAt(),
                updated.credentialPath(), updated.credentialVersion() != null ? updated.credentialVersion()
                        : current.credentialVersion(), updated.pending()));
        put(record);
        committed(audit);
    }

    @Override
    public synchronized void deleteVaultConnection(VaultConnection connection, AuditEvent audit,
                                                   IdempotencyRecord record) {
        checkRemove(record);
        VaultConnection current = currentConnection(connection);
        int references = connectionRefs.getOrDefault(connection.id(), 0);
        if (references > 0) {
            throw new VaultConnectionInUseException(connection.id(), references);
        }
        connections.get(connection.teamId()).remove(connection.id());
        connectionNameLocks.get(connection.teamId()).remove(current.normalizedName());
        TeamState state = teams.get(connection.teamId());
        teams.put(connection.teamId(), new TeamState(state.tier(), state.secretCount(), state.secretLimit(),
                state.vaultConnectionCount() - 1));
        remove(record);
        committed(audit);
    }

    @Override
    public synchronized void recordVerified(UUID teamId, UUID connectionId, Instant at, AuditEvent audit) {
        VaultConnection current = connections.getOrDefault(teamId, Map.of()).get(connectionId);
        if (current != null) {
            connections.get(teamId).put(connectionId, new VaultConnection(current.id(), teamId, current.name(),
                    current.description(), current.vaultType(), current.settings(), current.createdAt(),
                    current.createdBy(), current.updatedAt(), current.updatedBy(), at, current.credentialPath(),
                    current.credentialVersion(), current.pending()));
            committed(audit);
        }
    }

    private VaultConnection currentConnection(VaultConnection read) {
        VaultConnection current = connections.getOrDefault(read.teamId(), Map.of()).get(read.id());
        if (current == null) {
            throw new VaultConnectionNotFoundException(read.id());
        }
        if (!current.updatedAt().equals(read.updatedAt()) || current.pending() != read.pending()) {
            throw new VaultConnectionModifiedException(read.id());
        }
        return current;
    }

    @Override
    public synchronized List<Owner> credentialOwners() {
        List<Owner> owners = new ArrayList<>();
        secrets.values().forEach(team -> team.values().stream().filter(s -> s.credentialPath() != null)
                .forEach(s -> owners.add(new Owner(s.teamId(), "secret", s.id(), s.credentialPath(), s.pending(),
                        s.updatedAt()))));
        connections.values().forEach(team -> team.values().stream().filter(c -> c.credentialPath() != null)
                .forEach(c -> owners.add(new Owner(c.teamId(), "vault_connection", c.id(), c.credentialPath(),
                        c.pending(), c.updatedAt()))));
        return owners;
    }

    /** How many secrets reference a connection (what blocks its deletion). */
    public synchronized int vaultConnectionReferences(UUID connectionId) {
        return connectionRefs.getOrDefault(connectionId, 0);
    }

    @Override
    public synchronized Optional<ApiKey> findApiKey(UUID teamId, String keyId) {
        return Optional.ofNullable(apiKeys.getOrDefault(teamId, Map.of()).get(keyId));
    }

    @Override
    public synchronized List<ApiKey> listApiKeys(UUID teamId) {
        List<ApiKey> list = new ArrayList<>(apiKeys.getOrDefault(teamId, Map.of()).values());
        list.sort(Comparator.comparing(ApiKey::id));
        return list;
    }

    @Override
    public synchronized void createApiKey(ApiKey key, ToIntFunction<Tier> limit, AuditEvent audit) {
        Map<String, ApiKey> teamKeys = apiKeys.computeIfAbsent(key.teamId(), t -> new HashMap<>());
        if (teamKeys.containsKey(key.keyId())) {
            throw new IllegalStateException("api key id already exists");
        }
        Tier tier = teams.getOrDefault(key.teamId(), UNSEEN).tier();
        int cap = deletedTeams.contains(key.teamId()) ? 0 : limit.applyAsInt(tier);
        if (teamKeys.values().stream().filter(k -> k.activeAt(key.createdAt())).count() >= cap) {
            throw new TierLimitExceededException(tier, cap);
        }
        teamKeys.put(key.keyId(), key);
        committed(audit);
    }

    @Override
    public synchronized void updateApiKey(ApiKey previous, ApiKey updated, AuditEvent audit) {
        ApiKey current = currentApiKey(previous);
        // The last use is not part of the version: an update keeps what was recorded meanwhile, as DynamoDB's does.
        apiKeys.get(previous.teamId()).put(previous.keyId(), new ApiKey(updated.id(), updated.teamId(),
                updated.keyId(), updated.name(), updated.scopes(), updated.secretHash(), updated.expiresAt(),
                updated.revokedAt(), updated.rotatedAt(), current.lastUsedAt(), current.lastUsedIp(),
                updated.createdAt(), updated.createdBy(), updated.updatedAt()));
        committed(audit);
    }

    @Override
    public synchronized void deleteApiKey(ApiKey key, AuditEvent audit) {
        currentApiKey(key);
        apiKeys.get(key.teamId()).remove(key.keyId());
        committed(audit);
    }

    @Override
    public synchronized void recordUse(ApiKey key, Instant at, String sourceIp, Instant notAfter) {
        ApiKey current = apiKeys.getOrDefault(key.teamId(), Map.of()).get(key.keyId());
        if (current == null || !current.updatedAt().equals(key.updatedAt())
                || (current.lastUsedAt() != null && !current.lastUsedAt().isBefore(notAfter))) {
            return;
        }
        apiKeys.get(key.teamId()).put(key.keyId(), new ApiKey(current.id(), current.teamId(), current.keyId(),
                current.name(), current.scopes(), current.secretHash(), current.expiresAt(), current.revokedAt(),
                current.rotatedAt(), at, sourceIp, current.createdAt(), current.createdBy(), current.updatedAt()));
    }

    private ApiKey currentApiKey(ApiKey read) {
        ApiKey current = apiKeys.getOrDefault(read.teamId(), Map.of()).get(read.keyId());
        if (current == null) {
            throw new ApiKeyNotFoundException(read.keyId());
        }
        if (!current.updatedAt().equals(read.updatedAt())) {
            throw new ApiKeyModifiedException(read.keyId());
        }
        return current;
    }

    @Override
    public synchronized List<Secret> secretsExpiringBetween(Instant from, Instant to) {
        List<Secret> found = new ArrayList<>();
        secrets.values().forEach(team -> team.values().stream().filter(s -> !s.pending() && s.expiresAt() != null
                && !s.expiresAt().isBefore(from) && s.expiresAt().isBefore(to)).forEach(found::add));
        return found;
    }

    @Override
    public synchronized boolean recordOnce(ExpiryNotice notice, AuditEvent event) {
        if (!expiryNotices.add(notice.teamId() + "#" + notice.key())) {
            return false;
        }
        committed(event);
        return true;
    }
}
