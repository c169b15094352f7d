package io.dataraven.secrets.protocol;

import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The in-memory credential store with the plan's faults between it and the service. */
final class FaultyCredentialStore implements CredentialStore {

    private final CredentialStore real;
    private final FaultPlan plan;

    FaultyCredentialStore(CredentialStore real, FaultPlan plan) {
        this.real = real;
        this.plan = plan;
    }

    @Override
    public long create(String path, Credentials credentials) {
        return plan.call("credentials.create", true, () -> real.create(path, credentials));
    }

    @Override
    public long overwrite(String path, Credentials credentials) {
        return plan.call("credentials.overwrite", true, () -> real.overwrite(path, credentials));
    }

    @Override
    public void delete(String path) {
        plan.call("credentials.delete", true, () -> {
            real.delete(path);
            return null;
        });
    }

    @Override
    public void deleteAll(Collection<String> paths) {
        if (paths.isEmpty()) {
            return; // no call is made for nothing, as the SSM adapter makes none
        }
        plan.call("credentials.deleteAll", true, () -> {
            real.deleteAll(paths);
            return null;
        });
    }

    @Override
    public Optional<Credentials> read(String path) {
        return plan.call("credentials.read", false, () -> real.read(path));
    }

    @Override
    public Optional<Credentials> read(String path, Long version) {
        return plan.call("credentials.read", false, () -> real.read(path, version));
    }

    @Override
    public List<StoredParameter> list(String prefix) {
        return plan.call("credentials.list", false, () -> real.list(prefix));
    }
}
