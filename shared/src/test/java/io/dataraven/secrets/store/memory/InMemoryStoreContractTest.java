package io.dataraven.secrets.store.memory;

import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.store.SecretStoreContract;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.vault.VaultConnectionRepository;

import java.util.UUID;

class InMemoryStoreContractTest extends SecretStoreContract {

    private final InMemoryStore store = new InMemoryStore();

    @Override
    protected SecretRepository secrets() {
        return store;
    }

    @Override
    protected TeamRepository teams() {
        return store;
    }

    @Override
    protected VaultConnectionRepository vaultConnections() {
        return store;
    }

    @Override
    protected io.dataraven.secrets.sweep.CredentialOwners credentialOwners() {
        return store;
    }

    @Override
    protected int vaultConnectionReferences(UUID teamId, UUID connectionId) {
        return store.vaultConnectionReferences(connectionId);
    }
}
