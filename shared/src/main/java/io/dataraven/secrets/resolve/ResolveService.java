package io.dataraven.secrets.resolve;

import io.dataraven.secrets.logging.LogContext;

import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.store.StoreUnavailableException;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.VaultProviderException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Gives internal callers (transfer workers, Step Functions; IAM decides who may invoke) a secret's credentials:
 * one decrypting parameter read for a direct secret; for an external one, the connection's token from the
 * credential store and each mapping read from the vault. Values live only in this call: no cache, no log.
 */
public final class ResolveService {

    private final SecretRepository secrets;
    private final VaultConnectionRepository connections;
    private final CredentialStore credentialStore;
    private final Supplier<VaultProviders> providers;

    public ResolveService(SecretRepository secrets, VaultConnectionRepository connections,
                          CredentialStore credentialStore, Supplier<VaultProviders> providers) {
        this.secrets = secrets;
        this.connections = connections;
        this.credentialStore = credentialStore;
        this.providers = providers;
    }

    /** Resolves a direct invocation's input ({@link ResolveRequest}); a malformed input is {@code invalid_request}. */
    public Resolution resolve(Map<String, ?> input) {
        List<String> problems = new ArrayList<>();
        ResolveRequest request = ResolveRequest.parse(input, problems);
        if (request == null) {
            return new Resolution.Failed("invalid_request", "The input is invalid: " + String.join("; ", problems)
                    + ".", false, null);
        }
        try {
            return resolveIds(request.teamId(), request.secretId());
        } catch (StoreUnavailableException e) {
            return new Resolution.Failed(e.code(), e.summary() + "; retry shortly.", true,
                    (long) e.retryAfterSeconds());
        }
    }

    /** As {@link #resolve(Map)} with the two ids as strings (null for a missing one). */
    public Resolution resolve(String teamId, String secretId) {
        Map<String, String> input = new HashMap<>();
        input.put("team_id", teamId);
        input.put("secret_id", secretId);
        input.values().removeIf(Objects::isNull);
        return resolve(input);
    }

    private Resolution resolveIds(UUID teamId, UUID secretId) {
        Optional<Secret> found = secrets.findVisibleSecret(teamId, secretId);
        if (found.isEmpty()) {
            return new Resolution.Failed("secret_not_found", "Secret " + secretId + " does not exist in team "
                    + teamId + ".", false, null);
        }
        return resolve(found.get());
    }

    /**
     * The credentials of a secret already read (not pending): a direct one's current version, an external one's
     * values from its vault. Store throttling and outages throw {@link StoreUnavailableException}.
     */
    public Resolution resolve(Secret secret) {
        UUID teamId = secret.teamId();
        // Where the values come from, for the log line and the Resolves metric (a few values: direct or a vault type).
        LogContext.put("credential_source", secret.external() ? secret.vaultType().wire() : "direct");
        if (!secret.external()) {
            return credentialStore.read(secret.credentialPath(), secret.credentialVersion())
                    .<Resolution>map(c -> new Resolution.Resolved(secret.secretType(), secret.authMethod(), c,
                            secret.credentialVersion()))
                    .orElseGet(() -> new Resolution.Failed("credentials_missing", "The secret's stored credentials "
                            + "are missing (being deleted, or lost); update the secret with new credentials.", false, null));
        }
        Optional<VaultConnection> connection = connections.findVaultConnection(teamId, secret.vaultConnectionId())
                .filter(c -> !c.pending());
        Optional<Credentials> token = connection.flatMap(c -> credentialStore.read(c.credentialPath(),
                c.credentialVersion()));
        if (token.isEmpty()) {
            return new Resolution.Failed("vault_connection_not_found", "The secret's vault connection or its "
                    + "stored token is missing; rotate the connection's token.", false, null);
        }
        try {
            Credentials values = providers.get().resolve(connection.get(), token.get(), secret.fieldMappings());
            return new Resolution.Resolved(secret.secretType(), secret.authMethod(), values);
        } catch (VaultProviderException e) {
            String code = switch (e.kind()) {
                case AUTH_FAILED -> "provider_auth_failed";
                case REFERENCE_NOT_FOUND -> "reference_missing";
                case NOT_FOUND_SCOPE -> "provider_scope_not_found";
                case RATE_LIMITED -> "provider_rate_limited";
                case UNREACHABLE -> "provider_unreachable";
                case PROVIDER_ERROR -> "provider_error";
            };
            Long retryAfter = e instanceof VaultProviderException.RateLimited limited
                    && limited.retryAfterSeconds().isPresent() ? limited.retryAfterSeconds().getAsLong() : null;
            return new Resolution.Failed(code, e.getMessage(), e.retryable(), retryAfter);
        }
    }
}
