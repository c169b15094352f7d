package io.dataraven.secrets.vault;

import io.dataraven.secrets.store.Refusal;
import java.util.UUID;

/** The name is taken in the team; {@code holder} is the id that holds it, when the store knows it. */
public final class VaultConnectionNameConflictException extends RuntimeException implements Refusal {

    private final transient UUID holder;

    public VaultConnectionNameConflictException(String name) {
        this(name, null);
    }

    public VaultConnectionNameConflictException(String name, UUID holder) {
        super("name already taken: " + name, null, false, false);
        this.holder = holder;
    }

    /** Who holds the name (null if unknown): a create meeting an abandoned create of the same name removes it. */
    public UUID holder() {
        return holder;
    }
}
