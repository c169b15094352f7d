package io.dataraven.secrets.testing;

import io.dataraven.secrets.audit.AuditEvent;

import io.dataraven.secrets.secret.Secret;
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

    @Override
    public void updateSecret(Secret previous, Secret updated, AuditEvent audit) {
        delegate.updateSecret(previous, updated, audit);
    }

    @Override
    public void deleteSecret(Secret secret, AuditEvent audit) {
        delegate.deleteSecret(secret, audit);
    }

    @Override
    public Optional<Secret> findSecret(UUID teamId, UUID secretId) {
        return delegate.findSecret(teamId, secretId);
    }

    @Override
    public List<Secret> listSecrets(UUID teamId) {
        return delegate.listSecrets(teamId);
    }
}
