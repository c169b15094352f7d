package io.dataraven.secrets.vault;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.idempotency.IdempotencyRecord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port to vault-connection metadata. Writes are atomic like the secrets ones: a create takes the name lock and a
 * slot of the team's plan in one transaction; a delete is refused while secrets reference the connection. Each
 * write commits the audit event that records it with the change, as for secrets ({@code null}: none). The forms
 * with an {@link IdempotencyRecord} put or remove it in the same transaction, with the conditions described on
 * {@link io.dataraven.secrets.secret.SecretRepository}.
 */
public interface VaultConnectionRepository {

    Optional<VaultConnection> findVaultConnection(UUID teamId, UUID connectionId);

    List<VaultConnection> listVaultConnections(UUID teamId);

    /**
     * @throws VaultConnectionNameConflictException another connection of the team has the name
     * @throws io.dataraven.secrets.team.TierLimitExceededException the team is at its plan's connection cap
     */
    default void createVaultConnection(VaultConnection connection, AuditEvent audit) {
        createVaultConnection(connection, audit, null);
    }

    default void createVaultConnection(VaultConnection connection) {
        createVaultConnection(connection, null);
    }

    void createVaultConnection(VaultConnection connection, AuditEvent audit, IdempotencyRecord record);

    /**
     * Replaces the metadata if unchanged since read ({@code updatedAt} is the version); a rename moves the lock.
     *
     * @throws VaultConnectionNameConflictException the new name is taken
     * @throws VaultConnectionNotFoundException the connection is gone
     * @throws VaultConnectionModifiedException changed since read
     */
    default void updateVaultConnection(VaultConnection previous, VaultConnection updated, AuditEvent audit) {
        updateVaultConnection(previous, updated, audit, null);
    }

    default void updateVaultConnection(VaultConnection previous, VaultConnection updated) {
        updateVaultConnection(previous, updated, null);
    }

    void updateVaultConnection(VaultConnection previous, VaultConnection updated, AuditEvent audit, IdempotencyRecord record);

    /**
     * Removes the connection, its name lock and its plan slot, unless secrets still reference it.
     *
     * @throws VaultConnectionInUseException secrets reference it
     * @throws VaultConnectionNotFoundException the connection is gone
     * @throws VaultConnectionModifiedException changed since read
     */
    default void deleteVaultConnection(VaultConnection connection, AuditEvent audit) {
        deleteVaultConnection(connection, audit, null);
    }

    default void deleteVaultConnection(VaultConnection connection) {
        deleteVaultConnection(connection, null);
    }

    void deleteVaultConnection(VaultConnection connection, AuditEvent audit, IdempotencyRecord record);

    /** Sets {@code last_verified_at} after a successful test; not a version change. No-op if the connection is gone. */
    void recordVerified(UUID teamId, UUID connectionId, Instant at, AuditEvent audit);

    default void recordVerified(UUID teamId, UUID connectionId, Instant at) {
        recordVerified(teamId, connectionId, at, null);
    }

}
