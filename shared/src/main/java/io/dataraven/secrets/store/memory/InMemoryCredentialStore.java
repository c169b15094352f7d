package io.dataraven.secrets.store.memory;

import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Credential values in memory, for the local server and tests; same semantics as the SSM adapter. */
public final class InMemoryCredentialStore implements CredentialStore {

    private final Map<String, Credentials> values = new ConcurrentHashMap<>();

    @Override
    public void create(String path, Credentials credentials) {
        if (values.putIfAbsent(path, credentials) != null) {
            throw new CredentialAlreadyExistsException(path);
        }
    }

    @Override
    public void overwrite(String path, Credentials credentials) {
        values.put(path, credentials);
    }

    @Override
    public void delete(String path) {
        values.remove(path);
    }

    @Override
    public Optional<Credentials> read(String path) {
        return Optional.ofNullable(values.get(path));
    }

    /** Every stored path, sorted (tests and the local server's diagnostics). */
    public Set<String> paths() {
        return new TreeSet<>(values.keySet());
    }
}
