package io.dataraven.secrets.vault;

import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.vault.provider.DopplerProvider;
import io.dataraven.secrets.vault.provider.InfisicalProvider;
import io.dataraven.secrets.vault.provider.OnePasswordCliProvider;
import io.dataraven.secrets.vault.provider.VaultAccess;
import io.dataraven.secrets.vault.provider.VaultProvider;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One provider client per vault type, built once per container, and the bridge from a stored connection (settings
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

    /** The real clients; {@code DOPPLER_API_URL}, {@code INFISICAL_API_URL} and {@code OP_CLI_PATH} override defaults. */
    public static VaultProviders fromEnvironment(Map<String, String> env) {
        Map<VaultType, URI> urls = new EnumMap<>(VaultType.class);
        if (env.get("DOPPLER_API_URL") != null) {
            urls.put(VaultType.DOPPLER, URI.create(env.get("DOPPLER_API_URL")));
        }
        if (env.get("INFISICAL_API_URL") != null) {
            urls.put(VaultType.INFISICAL, URI.create(env.get("INFISICAL_API_URL")));
        }
        OnePasswordCliProvider onePassword = env.get("OP_CLI_PATH") == null ? new OnePasswordCliProvider()
                : new OnePasswordCliProvider(java.nio.file.Path.of(env.get("OP_CLI_PATH")),
                OnePasswordCliProvider.DEFAULT_TIMEOUT);
        return new VaultProviders(List.of(new DopplerProvider(), new InfisicalProvider(), onePassword), urls);
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
        Map<String, String> t = token.values();
        VaultSettings s = connection.settings();
        return switch (connection.vaultType()) {
            case ONEPASSWORD -> VaultAccess.onePassword(t.get("access_token"));
            case DOPPLER -> new VaultAccess(VaultType.DOPPLER, baseUrls.get(VaultType.DOPPLER), s.project(),
                    s.config(), null, null, null, t.get("access_token"), null, null);
            case INFISICAL -> new VaultAccess(VaultType.INFISICAL, baseUrls.get(VaultType.INFISICAL), null, null,
                    s.projectId(), s.environment(), s.secretPath(), null, t.get("client_id"), t.get("client_secret"));
        };
    }
}
