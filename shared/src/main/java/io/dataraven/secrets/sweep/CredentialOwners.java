package io.dataraven.secrets.sweep;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Port: every metadata item that points at a credential parameter (secrets and vault connections, all teams). */
public interface CredentialOwners {

    List<Owner> credentialOwners();

    /**
     * @param kind    {@code secret} or {@code vault_connection}
     * @param pending a create in progress (or abandoned): invisible to the API
     * @param since   when the item was last written
     */
    record Owner(UUID teamId, String kind, UUID id, String credentialPath, boolean pending, Instant since) {
    }
}
