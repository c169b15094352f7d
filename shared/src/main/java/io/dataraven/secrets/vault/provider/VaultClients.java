package io.dataraven.secrets.vault.provider;

import java.nio.file.Path;
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

    /** The real clients; a null URL or path keeps the default (the public clouds, /opt/bin/op). */
    public static VaultProviders create(String dopplerApiUrl, String infisicalApiUrl, String opCliPath) {
        Map<VaultType, URI> urls = new EnumMap<>(VaultType.class);
        if (dopplerApiUrl != null) {
            urls.put(VaultType.DOPPLER, URI.create(dopplerApiUrl));
        }
        if (infisicalApiUrl != null) {
            urls.put(VaultType.INFISICAL, URI.create(infisicalApiUrl));
        }
        OnePasswordCliProvider onePassword = opCliPath == null ? new OnePasswordCliProvider()
                : new OnePasswordCliProvider(Path.of(opCliPath), OnePasswordCliProvider.DEFAULT_TIMEOUT);
        return new VaultProviders(List.of(new DopplerProvider(), new InfisicalProvider(), onePassword), urls);
    }
}
