package io.dataraven.secrets.vault;

import io.dataraven.secrets.store.Refusal;
import java.util.UUID;

/** The connection changed between our read and our write (a concurrent edit, rotation or create's activation). */
public final class VaultConnectionModifiedException extends RuntimeException
        implements Refusal {
    public VaultConnectionModifiedException(UUID connectionId) {
        super("vault connection " + connectionId + " was changed concurrently", null, false, false);
    }
}
