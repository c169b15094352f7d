package io.dataraven.secrets.testing;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.idempotency.IdempotencyRecord;

import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.Verification;
import io.dataraven.secrets.secret.SecretRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A secret repository that passes every call to another one; tests override the calls they want to fail or
 * observe (as {@link DelegatingCredentialStore} does for credentials).
 */
public class DelegatingSecretRepository implements SecretRepository {

    protected final SecretRepository delegate;

    public DelegatingSecretRepository(SecretRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void createSecret(Secret secret, AuditEvent audit) {
        delegate.createSecret(secret, audit);
    }

    /** Without a record through the two-argument form, so that a subclass overriding only that one sees the call. */
    @Override
    public void createSecret(Secret secret, AuditEvent audit, IdempotencyRecord record) {
        if (record == null) {
            createSecret(secret, audit);
        } else {
            delegate.createSecret(secret, audit, record);
        }
    }

    @Override
    public void updateSecret(Secret previous, Secret updated, AuditEvent audit) {
        delegate.updateSecret(previous, updated, audit);
    }

    /** Without a record through the two-argument form, so that a subclass overriding only that one sees the call. */
    @Override
    public void updateSecret(Secret previous, Secret updated, AuditEvent audit, IdempotencyRecord record) {
        if (record == null) {
            updateSecret(previous, updated, audit);
        } else {
            delegate.updateSecret(previous, updated, audit, record);
        }
    }

    @Override
    public void deleteSecret(Secret secret, AuditEvent audit) {
        delegate.deleteSecret(secret, audit);
    }

    /** Without a record through the two-argument form, so that a subclass overriding only that one sees the call. */
    @Override
    public void deleteSecret(Secret secret, AuditEvent audit, IdempotencyRecord record) {
        if (record == null) {
            deleteSecret(secret, audit);
        } else {
            delegate.deleteSecret(secret, audit, record);
        }
    }

    @Override
    public Optional<Secret> findSecret(UUID teamId, UUID secretId) {
        return delegate.findSecret(teamId, secretId);
    }

    @Override
    public boolean recordVerification(Secret checked, Verification verification) {
        return delegate.recordVerification(checked, verification);
    }

    @Override
    public List<Secret> listSecrets(UUID teamId) {
        return delegate.listSecrets(teamId);
    }
}
