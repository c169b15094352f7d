package io.dataraven.secrets.vault;

import io.dataraven.secrets.credential.Credentials;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One provider client per vault type (the clients themselves live in {@code vault.provider}; {@code
 * VaultClients} builds the real ones), built once per container, and the bridge from a stored connection (settings
 * plus its token from the credential store) to what a provider needs. Base URLs can be overridden for tests and
 * for Infisical's EU or self-hosted instances.
 */
public final class VaultProviders {

    private final Map<VaultType, VaultProvider> providers = new EnumMap<>(VaultType.class);
    private final Map<VaultType, URI> baseUrls;

    public VaultProviders(List<VaultProvider> providers, Map<VaultType, URI> baseUrls) {
        providers.forEach(p -> this.providers.put(p.vaultType(), p));
        this.baseUrls = Map.copyOf(baseUrls);
    }

    public VaultProvider provider(VaultType type) {
        VaultProvider provider = providers.get(type);
        if (provider == null) {
            throw new IllegalStateException("no provider for " + type);
        }
        return provider;
    }

    /** What the provider needs for this connection, from its settings and its stored token(s). */
    public VaultAccess access(VaultConnection connection, Credentials token) {
        return new VaultAccess(connection.vaultType(), baseUrls.get(connection.vaultType()), connection.settings(),
                token);
    }
}
