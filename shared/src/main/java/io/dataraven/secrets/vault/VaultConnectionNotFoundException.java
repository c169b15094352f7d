package io.dataraven.secrets.vault;

import io.dataraven.secrets.store.Refusal;
import java.util.UUID;

/** The vault connection does not exist in the team (or was removed while a secret was being created). */
public final class VaultConnectionNotFoundException extends RuntimeException implements Refusal {
    public VaultConnectionNotFoundException(UUID connectionId) {
        super("vault connection " + connectionId + " does not exist in this team", null, false, false);
    }

    @Override
    public boolean gone() {
        return true;
    }
}
