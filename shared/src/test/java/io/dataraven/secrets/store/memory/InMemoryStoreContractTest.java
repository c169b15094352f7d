package io.dataraven.secrets.store.memory;

import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.store.ApiKeyRepositoryContract;
import io.dataraven.secrets.store.ExpiryNoticeRepositoryContract;
import io.dataraven.secrets.store.CredentialOwnersContract;
import io.dataraven.secrets.store.IdempotencyRecordsContract;
import io.dataraven.secrets.store.SecretRepositoryContract;
import io.dataraven.secrets.store.StoreContract;
import io.dataraven.secrets.store.TeamRepositoryContract;
import io.dataraven.secrets.store.VaultConnectionRepositoryContract;
import org.junit.jupiter.api.Nested;

/** The metadata contracts against the in-memory adapter: a fresh store for every test. */
class InMemoryStoreContractTest {

    private final InMemoryStore store = new InMemoryStore();
    private final StoreContract.Adapter inMemory = new StoreContract.Adapter(Metadata.of(store),
            (teamId, connectionId) -> store.vaultConnectionReferences(connectionId), () -> {
            }, id -> store.auditEvents().stream().anyMatch(e -> e.id().equals(id)));

    @Nested
    class Secrets extends SecretRepositoryContract {
        @Override
        protected Adapter adapter() {
            return inMemory;
        }
    }

    @Nested
    class Teams extends TeamRepositoryContract {
        @Override
        protected Adapter adapter() {
            return inMemory;
        }
    }

    @Nested
    class VaultConnections extends VaultConnectionRepositoryContract {
        @Override
        protected Adapter adapter() {
            return inMemory;
        }
    }

    @Nested
    class Owners extends CredentialOwnersContract {
        @Override
        protected Adapter adapter() {
            return inMemory;
        }
    }

    @Nested
    class ApiKeys extends ApiKeyRepositoryContract {
        @Override
        protected Adapter adapter() {
            return inMemory;
        }
    }

    @Nested
    class Idempotency extends IdempotencyRecordsContract {
        @Override
        protected Adapter adapter() {
            return inMemory;
        }
    }

    @Nested
    class ExpiryNotices extends ExpiryNoticeRepositoryContract {
        @Override
        protected Adapter adapter() {
            return inMemory;
        }
    }
}
