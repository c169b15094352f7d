package io.dataraven.secrets.vault;

import java.util.Optional;
import java.util.UUID;

/** Port to vault-connection metadata. The full connections API comes later; secrets only need to read them. */
public interface VaultConnectionRepository {

    Optional<VaultConnection> findVaultConnection(UUID teamId, UUID connectionId);

    /** Stores a new connection (used to seed connections until their own API exists). */
    void createVaultConnection(VaultConnection connection);
}
