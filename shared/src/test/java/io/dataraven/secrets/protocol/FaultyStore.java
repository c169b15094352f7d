package io.dataraven.secrets.protocol;

import io.dataraven.secrets.apikey.ApiKey;
import io.dataraven.secrets.apikey.ApiKeyRepository;
import java.util.function.ToIntFunction;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.idempotency.IdempotencyRecord;
import io.dataraven.secrets.idempotency.IdempotencyRecords;

import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.Verification;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.sweep.CredentialOwners;
import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The in-memory metadata store (one lock, like DynamoDB's transactions) with the plan's faults in front. */
final class FaultyStore implements SecretRepository, TeamRepository, VaultConnectionRepository, CredentialOwners,
        ApiKeyRepository, IdempotencyRecords {

    private final InMemoryStore real;
    private final FaultPlan plan;

    FaultyStore(InMemoryStore real, FaultPlan plan) {
        this.real = real;
        this.plan = plan;
    }

    private void write(String name, Runnable operation) {
        plan.call(name, true, () -> {
            operation.run();
            return null;
        });
    }

    @Override
    public void createSecret(Secret secret, AuditEvent audit, IdempotencyRecord record) {
        write("secrets.create", () -> real.createSecret(secret, audit, record));
    }

    @Override
    public void updateSecret(Secret previous, Secret updated, AuditEvent audit, IdempotencyRecord record) {
        write("secrets.update", () -> real.updateSecret(previous, updated, audit, record));
    }

    @Override
    public void deleteSecret(Secret secret, AuditEvent audit, IdempotencyRecord record) {
        write("secrets.delete", () -> real.deleteSecret(secret, audit, record));
    }

    @Override
    public Optional<Secret> findSecret(UUID teamId, UUID secretId) {
        return plan.call("secrets.find", false, () -> real.findSecret(teamId, secretId));
    }

    @Override
    public boolean recordVerification(Secret checked, Verification verification) {
        return plan.call("secrets.recordVerification", true, () -> real.recordVerification(checked, verification));
    }

    @Override
    public List<Secret> listSecrets(UUID teamId) {
        return plan.call("secrets.list", false, () -> real.listSecrets(teamId));
    }

    @Override
    public Optional<Team> findTeam(UUID teamId) {
        return plan.call("teams.find", false, () -> real.findTeam(teamId));
    }

    @Override
    public void setTier(UUID teamId, Tier tier) {
        write("teams.setTier", () -> real.setTier(teamId, tier));
    }

    @Override
    public boolean applyPlan(UUID teamId, Tier tier, long order) {
        return plan.call("teams.applyPlan", true, () -> real.applyPlan(teamId, tier, order));
    }

    @Override
    public void markDeleted(UUID teamId, Instant at, Instant retainUntil) {
        write("teams.markDeleted", () -> real.markDeleted(teamId, at, retainUntil));
    }

    @Override
    public boolean isDeleted(UUID teamId) {
        return plan.call("teams.isDeleted", false, () -> real.isDeleted(teamId));
    }

    @Override
    public Optional<VaultConnection> findVaultConnection(UUID teamId, UUID connectionId) {
        return plan.call("connections.find", false, () -> real.findVaultConnection(teamId, connectionId));
    }

    @Override
    public List<VaultConnection> listVaultConnections(UUID teamId) {
        return plan.call("connections.list", false, () -> real.listVaultConnections(teamId));
    }

    @Override
    public void createVaultConnection(VaultConnection connection, AuditEvent audit, IdempotencyRecord record) {
        write("connections.create", () -> real.createVaultConnection(connection, audit, record));
    }

    @Override
    public void updateVaultConnection(VaultConnection previous, VaultConnection updated, AuditEvent audit,
                                      IdempotencyRecord record) {
        write("connections.update", () -> real.updateVaultConnection(previous, updated, audit, record));
    }

    @Override
    public void deleteVaultConnection(VaultConnection connection, AuditEvent audit, IdempotencyRecord record) {
        write("connections.delete", () -> real.deleteVaultConnection(connection, audit, record));
    }

    @Override
    public Optional<IdempotencyRecord> findRecord(UUID teamId, String keyHash) {
        return plan.call("idempotency.find", false, () -> real.findRecord(teamId, keyHash));
    }

    @Override
    public void removeRecord(IdempotencyRecord record) {
        write("idempotency.remove", () -> real.removeRecord(record));
    }

    @Override
    public void recordVerified(UUID teamId, UUID connectionId, Instant at, AuditEvent audit) {
        write("connections.recordVerified", () -> real.recordVerified(teamId, connectionId, at, audit));
    }

    @Override
    public List<Owner> credentialOwners() {
        return plan.call("owners.list", false, real::credentialOwners);
    }

    @Override
    public Optional<ApiKey> findApiKey(UUID teamId, String keyId) {
        return plan.call("keys.find", false, () -> real.findApiKey(teamId, keyId));
    }

    @Override
    public List<ApiKey> listApiKeys(UUID teamId) {
        return plan.call("keys.list", false, () -> real.listApiKeys(teamId));
    }

    @Override
    public void createApiKey(ApiKey key, ToIntFunction<Tier> limit, AuditEvent audit) {
        write("keys.create", () -> real.createApiKey(key, limit, audit));
    }

    @Override
    public void updateApiKey(ApiKey previous, ApiKey updated, AuditEvent audit) {
        write("keys.update", () -> real.updateApiKey(previous, updated, audit));
    }

    @Override
    public void deleteApiKey(ApiKey key, AuditEvent audit) {
        write("keys.delete", () -> real.deleteApiKey(key, audit));
    }

    @Override
    public void recordUse(ApiKey key, Instant at, String sourceIp, Instant notAfter) {
        write("keys.use", () -> real.recordUse(key, at, sourceIp, notAfter));
    }
}
