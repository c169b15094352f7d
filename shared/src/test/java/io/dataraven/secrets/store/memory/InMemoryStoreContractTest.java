package io.dataraven.secrets.store.memory;

import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.store.SecretStoreContract;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.dataraven.secrets.store.StoreFixtures.directSecret;
import static io.dataraven.secrets.store.StoreFixtures.externalSecret;
import static io.dataraven.secrets.store.StoreFixtures.vaultConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void externalSecretsCountAsReferencesOfTheirConnectionOnlyWhenCreated() {
        UUID team = UUID.randomUUID();
        var connection = vaultConnection(team);
        store.createVaultConnection(connection);

        store.createSecret(externalSecret(team, "one", connection.id()));
        store.createSecret(externalSecret(team, "two", connection.id()));
        assertThatThrownBy(() -> store.createSecret(externalSecret(team, "ONE", connection.id())))
                .isInstanceOf(io.dataraven.secrets.secret.SecretNameConflictException.class);
        store.createSecret(directSecret(team, "three"));

        assertThat(store.vaultConnectionReferences(connection.id())).isEqualTo(2);
    }
}
