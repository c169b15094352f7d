package io.dataraven.secrets.resolve;

import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.credential.SecretType;

/** The outcome of resolving one secret for an internal caller: its credentials, or a typed failure to act on. */
public sealed interface Resolution {

    /**
     * @param version the credential version resolved (a direct secret's current one), so a transfer can log which
     *                it used; null for an external secret or metadata from before versions were recorded
     */
    record Resolved(SecretType secretType, AuthMethod authMethod, Credentials credentials, Long version)
            implements Resolution {

        public Resolved(SecretType secretType, AuthMethod authMethod, Credentials credentials) {
            this(secretType, authMethod, credentials, null);
        }
    }

    /**
     * @param code      machine-readable: invalid_request, secret_not_found, credentials_missing,
     *                  vault_connection_not_found, provider_auth_failed, reference_missing,
     *                  provider_scope_not_found, provider_rate_limited, provider_unreachable, provider_error,
     *                  service_throttled, service_unavailable (storage; retryable)
     * @param retryable whether the same call may succeed later without any change
     */
    record Failed(String code, String message, boolean retryable, Long retryAfterSeconds) implements Resolution {
    }
}
