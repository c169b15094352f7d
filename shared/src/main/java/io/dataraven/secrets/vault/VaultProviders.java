package io.dataraven.secrets.vault;

import io.dataraven.secrets.credential.Credentials;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One provider client per vault type (the clients themselves live in {@code vault.provider}; {@code
 * VaultClients} builds the real ones), built once per container, and the bridge from a stored connection (settings
 * plus its token from the credential store) to what a provider needs. Base URLs can be overridden for tests and
 * for Infisical's EU or self-hosted instances.
 */
public final class VaultProviders {

    private static final System.Logger LOG = System.getLogger(VaultProviders.class.getName());

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

    /**
     * Authenticates to the connection's vault. Every failure is a {@link VaultProviderException}: one a client did
     * not type (e.g. OutboundHttp refusing a stored token with a control character as a header value) becomes a {@code ProviderError}.
     */
    public void verify(VaultConnection connection, Credentials token) {
        typed(connection.vaultType(), () -> {
            provider(connection.vaultType()).verify(access(connection, token));
            return null;
        });
    }

    /** Reads each reference from the connection's vault; failures are typed as in {@link #verify}. */
    public Credentials resolve(VaultConnection connection, Credentials token, Map<String, String> referencesByField) {
        return typed(connection.vaultType(),
                () -> provider(connection.vaultType()).resolve(access(connection, token), referencesByField));
    }

    /**
     * The call, with any untyped failure turned into a {@code ProviderError}. Its message names the exception type
     * only, and it keeps no cause: the JDK's messages can quote a header value, which may be the token.
     */
    private static <T> T typed(VaultType type, Supplier<T> call) {
        try {
            return call.get();
        } catch (VaultProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            StackTraceElement[] trace = e.getStackTrace();
            LOG.log(System.Logger.Level.WARNING, () -> "the " + type.wire() + " client failed with "
                    + e.getClass().getName() + " at " + (trace.length == 0 ? "?" : trace[0]));
            String hint = e instanceof IllegalArgumentException
                    ? "; the request could not be built from the connection's stored token or settings (rotate the "
                    + "token, or recreate the connection)" : "";
            throw new VaultProviderException.ProviderError(type, "the " + type.wire() + " client failed ("
                    + e.getClass().getSimpleName() + ")" + hint);
        }
    }

    /** What the provider needs for this connection, from its settings and its stored token(s). */
    public VaultAccess access(VaultConnection connection, Credentials token) {
        return new VaultAccess(connection.vaultType(), baseUrls.get(connection.vaultType()), connection.settings(),
                token);
    }
}
