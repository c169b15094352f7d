package io.dataraven.secrets.store.memory;

import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Credential values in memory, for the local server and tests; same semantics as the SSM adapter: numbered versions
 * per path (all of them kept), an owner recorded at creation, listing limited to the owner's parameters.
 */
public final class InMemoryCredentialStore implements CredentialStore {

    private record Parameter(String owner, List<Credentials> versions, Instant written) {
    }

    /** Shared by every view of one backend (see {@link #sharedWith}). */
    private final Map<String, Parameter> parameters;
    private final Clock clock;
    private final String owner;

    public InMemoryCredentialStore() {
        this(Clock.systemUTC());
    }

    public InMemoryCredentialStore(Clock clock) {
        this(new HashMap<>(), clock, "memory");
    }

    private InMemoryCredentialStore(Map<String, Parameter> parameters, Clock clock, String owner) {
        this.parameters = parameters;
        this.clock = clock;
        this.owner = owner;
    }

    /** Another owner (stack) over the same parameters, as two tables sharing one account and prefix would be. */
    public InMemoryCredentialStore sharedWith(String otherOwner) {
        return new InMemoryCredentialStore(parameters, clock, otherOwner);
    }

    @Override
    public long create(String path, Credentials credentials) {
        synchronized (parameters) {
            if (parameters.containsKey(path)) {
                throw new CredentialAlreadyExistsException(path);
            }
            parameters.put(path, new Parameter(owner, new ArrayList<>(List.of(credentials)), clock.instant()));
            return 1;
        }
    }

    @Override
    public long overwrite(String path, Credentials credentials) {
        synchronized (parameters) {
            Parameter existing = parameters.get(path);
            List<Credentials> versions = existing == null ? new ArrayList<>() : existing.versions();
            versions.add(credentials);
            // Like SSM, which takes tags only at creation: a path first written by an overwrite has no owner, so
            // it is never listed for the sweeper (it may leak, it is never wrongly deleted).
            parameters.put(path, new Parameter(existing == null ? null : existing.owner(), versions, clock.instant()));
            return versions.size();
        }
    }

    @Override
    public void delete(String path) {
        synchronized (parameters) {
            parameters.remove(path);
        }
    }

    @Override
    public void deleteAll(Collection<String> paths) {
        paths.forEach(this::delete);
    }

    @Override
    public Optional<Credentials> read(String path) {
        return read(path, null);
    }

    @Override
    public Optional<Credentials> read(String path, Long version) {
        synchronized (parameters) {
            Parameter parameter = parameters.get(path);
            if (parameter == null) {
                return Optional.empty();
            }
            List<Credentials> versions = parameter.versions();
            if (version == null) {
                return Optional.of(versions.get(versions.size() - 1));
            }
            return version >= 1 && version <= versions.size()
                    ? Optional.of(versions.get((int) (version - 1))) : Optional.empty();
        }
    }

    @Override
    public List<StoredParameter> list(String prefix) {
        String under = prefix.endsWith("/") ? prefix : prefix + "/";
        synchronized (parameters) {
            return new TreeSet<>(parameters.keySet()).stream()
                    .filter(p -> p.startsWith(under) && owner.equals(parameters.get(p).owner()))
                    .map(p -> new StoredParameter(p, parameters.get(p).written())).toList();
        }
    }

    /** Every stored path, sorted (tests and the local server's diagnostics). */
    public Set<String> paths() {
        synchronized (parameters) {
            return new TreeSet<>(parameters.keySet());
        }
    }

    /** How many versions a path holds (tests). */
    public int versions(String path) {
        synchronized (parameters) {
            Parameter parameter = parameters.get(path);
            return parameter == null ? 0 : parameter.versions().size();
        }
    }
}
