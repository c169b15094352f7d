package io.dataraven.secrets.store.memory;

import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.store.CredentialStoreContract;

class InMemoryCredentialStoreContractTest extends CredentialStoreContract {

    private final InMemoryCredentialStore store = new InMemoryCredentialStore();

    @Override
    protected CredentialStore store() {
        return store;
    }

    @Override
    protected CredentialStore otherOwner() {
        return store.sharedWith("another-table");
    }
}
