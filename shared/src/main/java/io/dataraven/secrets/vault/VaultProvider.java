package io.dataraven.secrets.vault;

import io.dataraven.secrets.credential.Credentials;

import java.util.Map;

/**
 * Reads credential values from a team's external vault at execution time (one implementation per
 * {@link VaultType}). Values live only in memory for the call: nothing is cached across calls, and nothing
 * is logged. Implementations are thread-safe; build one per Lambda container and reuse it.
 *
 * <p>Every failure to reach or use the vault is a {@link VaultProviderException}; an access of another vault
 * type, or a reference that does not fit the vault's syntax ({@link VaultType#acceptsReference}), is an
 * {@link IllegalArgumentException} raised before anything is contacted.
 */
public interface VaultProvider {

    VaultType vaultType();

    /** Authenticates with the connection's token(s) and checks its scope, reading no secret value. */
    void verify(VaultAccess access);

    /**
     * Reads the value behind each reference.
     *
     * @param referencesByField DataRaven credential field name to vault reference (spec §4.4)
     * @return the values by field, in the order given; a reference mapped by several fields is read once
     * @throws VaultProviderException at the first reference that cannot be read
     */
    Credentials resolve(VaultAccess access, Map<String, String> referencesByField);
}
