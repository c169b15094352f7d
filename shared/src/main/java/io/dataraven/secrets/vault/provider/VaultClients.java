package io.dataraven.secrets.vault.provider;

import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.VaultType;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Builds the real vault clients for the domain's {@link VaultProviders}. */
public final class VaultClients {

    private VaultClients() {
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

}
