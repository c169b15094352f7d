package io.dataraven.secrets.vault;

import io.dataraven.secrets.store.Refusal;
import java.util.UUID;

/** Secrets still reference the connection, so it cannot be deleted. */
public final class VaultConnectionInUseException extends RuntimeException implements Refusal {

    private final int secrets;

    public VaultConnectionInUseException(UUID connectionId, int secrets) {
        super("vault connection " + connectionId + " is used by " + secrets + " secret(s)", null, false, false);
        this.secrets = secrets;
    }

    public int secrets() {
        return secrets;
    }
}
