package io.dataraven.secrets.testing;

import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A credential store that passes every call to another one; tests override the one call they want to fail or
 * observe, so they keep working as the port grows.
 */
public class DelegatingCredentialStore implements CredentialStore {

    protected final CredentialStore delegate;

    public DelegatingCredentialStore(CredentialStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public long create(String path, Credentials credentials) {
        return delegate.create(path, credentials);
    }

    @Override
    public long overwrite(String path, Credentials credentials) {
        return delegate.overwrite(path, credentials);
    }

    @Override
    public void delete(String path) {
        delegate.delete(path);
    }

    @Override
    public void deleteAll(Collection<String> paths) {
        delegate.deleteAll(paths);
    }

    @Override
    public Optional<Credentials> read(String path) {
        return delegate.read(path);
    }

    @Override
    public Optional<Credentials> read(String path, Long version) {
        return delegate.read(path, version);
    }

    @Override
    public List<StoredParameter> list(String prefix) {
        return delegate.list(prefix);
    }
}
