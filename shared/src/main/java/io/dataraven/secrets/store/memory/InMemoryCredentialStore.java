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
    private final Map<String, java.time.Instant> written = new ConcurrentHashMap<>();
    private final java.time.Clock clock;

    public InMemoryCredentialStore() {
        this(java.time.Clock.systemUTC());
    }

    public InMemoryCredentialStore(java.time.Clock clock) {
        this.clock = clock;
    }

    @Override
    public void create(String path, Credentials credentials) {
        if (values.putIfAbsent(path, credentials) != null) {
            throw new CredentialAlreadyExistsException(path);
        }
        written.put(path, clock.instant());
    }

    @Override
    public void overwrite(String path, Credentials credentials) {
        values.put(path, credentials);
        written.put(path, clock.instant());
    }

    @Override
    public void delete(String path) {
        values.remove(path);
        written.remove(path);
    }

    @Override
    public java.util.List<StoredParameter> list(String prefix) {
        String under = prefix.endsWith("/") ? prefix : prefix + "/";
        return new TreeSet<>(values.keySet()).stream().filter(p -> p.startsWith(under))
                .map(p -> new StoredParameter(p, written.getOrDefault(p, java.time.Instant.EPOCH))).toList();
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
