package io.dataraven.secrets.vault;

/** Another vault connection of the team already has this name. */
public final class VaultConnectionNameConflictException extends RuntimeException {
    public VaultConnectionNameConflictException(String name) {
        super("a vault connection named '" + name + "' already exists in this team", null, false, false);
    }
}
