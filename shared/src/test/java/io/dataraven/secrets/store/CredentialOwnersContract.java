package io.dataraven.secrets.store;

import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.sweep.CredentialOwners;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.dataraven.secrets.store.StoreFixtures.directSecret;
import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link CredentialOwners} adapter must list (see {@link StoreContract}). */
public abstract class CredentialOwnersContract extends StoreContract {

    @Test
    void credentialOwnersListEveryStoredPath() {
        Secret secret = directSecret(team, UUID.randomUUID(), "owned");
        secrets().createSecret(secret);
        assertThat(credentialOwners().credentialOwners())
                .contains(new CredentialOwners.Owner(team, "secret", secret.id(),
                        secret.credentialPath(), false, secret.updatedAt()));
    }

    @Test
    void pendingCreatesAreListedForTheSweeperAsPending() {
        Secret pending = directSecret(team, "in flight").asPending();
        secrets().createSecret(pending);
        assertThat(credentialOwners().credentialOwners())
                .contains(new CredentialOwners.Owner(team, "secret", pending.id(),
                        pending.credentialPath(), true, pending.updatedAt()));
    }
}
