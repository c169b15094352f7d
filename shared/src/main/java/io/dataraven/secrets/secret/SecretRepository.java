package io.dataraven.secrets.secret;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.idempotency.IdempotencyRecord;
import io.dataraven.secrets.idempotency.IdempotencyRecordExistsException;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port to secret metadata. {@link #createSecret} is atomic: the secret, its name lock, the team counter (and
 * for an external secret the vault connection's reference count) change together or not at all.
 *
 * <p>Each write takes the audit event that records it ({@code null}: none, e.g. a create's reservation), committed
 * with the change in the same transaction: the event exists exactly when the change does. The one-argument forms
 * write no event.
 *
 * <p>The forms with an {@link IdempotencyRecord} (null: none) put or remove the request's record in the same
 * transaction. A put is refused with {@link IdempotencyRecordExistsException} (checked before every other
 * condition) unless the key has no record, an expired one, or the pending one of the same create; a removal is
 * conditioned on the record being absent or that pending one. The forms without a record pass null.
 */
public interface SecretRepository {

    /**
     * @throws SecretNameConflictException another secret of the team has the same normalized name
     * @throws io.dataraven.secrets.team.TierLimitExceededException the team is at its plan's cap
     * @throws io.dataraven.secrets.vault.VaultConnectionNotFoundException the referenced connection is gone
     */
    default void createSecret(Secret secret, AuditEvent audit) {
        createSecret(secret, audit, null);
    }

    default void createSecret(Secret secret) {
        createSecret(secret, null);
    }

    void createSecret(Secret secret, AuditEvent audit, IdempotencyRecord record);

    /**
     * Replaces the metadata of {@code previous} with {@code updated}, provided nobody changed it since it was read
     * (its {@code updatedAt} is the version). A rename releases the old name lock and takes the new one in the
     * same transaction.
     *
     * @throws SecretNameConflictException the new name belongs to another secret of the team
     * @throws SecretNotFoundException the secret is gone
     * @throws SecretModifiedException the secret changed since {@code previous} was read
     */
    default void updateSecret(Secret previous, Secret updated, AuditEvent audit) {
        updateSecret(previous, updated, audit, null);
    }

    default void updateSecret(Secret previous, Secret updated) {
        updateSecret(previous, updated, null);
    }

    void updateSecret(Secret previous, Secret updated, AuditEvent audit, IdempotencyRecord record);

    /**
     * Removes the secret, its name lock and its slot in the team counter (and its reference on the vault
     * connection) in one transaction, provided it is unchanged since read.
     *
     * @throws SecretNotFoundException the secret is gone
     * @throws SecretModifiedException the secret changed since it was read
     */
    default void deleteSecret(Secret secret, AuditEvent audit) {
        deleteSecret(secret, audit, null);
    }

    default void deleteSecret(Secret secret) {
        deleteSecret(secret, null);
    }

    void deleteSecret(Secret secret, AuditEvent audit, IdempotencyRecord record);


    Optional<Secret> findSecret(UUID teamId, UUID secretId);

    /**
     * The secret as callers may see it: not while its create is still pending (its credentials may not be written
     * yet), which reads, resolves and verifies all answer as a missing secret.
     */
    default Optional<Secret> findVisibleSecret(UUID teamId, UUID secretId) {
        return findSecret(teamId, secretId).filter(s -> !s.pending());
    }

    /**
     * Records the last verification on the secret's metadata, only while it still holds the credentials that were
     * checked (same credential version, active); the item's version ({@code updated_at}) does not move, since a
     * verification is no edit. Returns false when the secret changed or went meanwhile: nothing recorded.
     */
    boolean recordVerification(Secret checked, Verification verification);

    List<Secret> listSecrets(UUID teamId);
}
