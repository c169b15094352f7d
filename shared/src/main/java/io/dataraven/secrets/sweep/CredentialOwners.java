package io.dataraven.secrets.sweep;

import java.util.List;
import java.util.UUID;

/** Port: every metadata item that points at a credential parameter (secrets and vault connections, all teams). */
public interface CredentialOwners {

    List<Owner> credentialOwners();

    /** @param kind {@code secret} or {@code vault_connection} */
    record Owner(UUID teamId, String kind, UUID id, String credentialPath) {
    }
}
