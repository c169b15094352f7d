package io.dataraven.secrets.vault;


import java.util.Objects;
import java.util.OptionalLong;

/**
 * Why a vault provider could not verify a connection or resolve its references, typed so the caller can act:
 * tell the team to fix its token or its mapping, or retry later. One subclass per {@link Kind}.
 *
 * <p>Messages name the vault, the non-secret connection settings, the field and the reference, and never a
 * token, a client secret, a secret value or text the provider sent back (which could echo any of those).
 * Transport failures keep their {@code IOException} as cause; parse failures keep none, since a parser's
 * message may quote the body.
 */
public abstract sealed class VaultProviderException extends RuntimeException {

    public enum Kind {
        /** The token or client credentials are invalid, expired or revoked, or lack permission: fix them. */
        AUTH_FAILED(false),
        /** The connection works but a mapped reference names nothing: fix the field mapping or the vault. */
        REFERENCE_NOT_FOUND(false),
        /** The connection's project, config, environment or folder does not exist or is not visible. */
        NOT_FOUND_SCOPE(false),
        /** The provider throttled us: retry, after {@link RateLimited#retryAfterSeconds()} when given. */
        RATE_LIMITED(true),
        /** Network error, timeout or a 5xx answer: retry. */
        UNREACHABLE(true),
        /** An answer we do not understand (an unexpected status, a malformed body, an unknown CLI error). */
        PROVIDER_ERROR(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final VaultType vaultType;

    private VaultProviderException(VaultType vaultType, String message, Throwable cause) {
        super(message, cause, false, false);
        this.vaultType = Objects.requireNonNull(vaultType, "vaultType");
    }

    public abstract Kind kind();

    public final boolean retryable() {
        return kind().retryable();
    }

    public final VaultType vaultType() {
        return vaultType;
    }

    public static final class AuthFailed extends VaultProviderException {
        public AuthFailed(VaultType vaultType, String message) {
            super(vaultType, message, null);
        }

        @Override
        public Kind kind() {
            return Kind.AUTH_FAILED;
        }
    }

    /** Names the DataRaven field and the vault reference it maps to; neither is secret. */
    public static final class ReferenceNotFound extends VaultProviderException {
        private final String field;
        private final String reference;

        public ReferenceNotFound(VaultType vaultType, String field, String reference, String detail) {
            super(vaultType, "field '" + field + "': " + detail, null);
            this.field = Objects.requireNonNull(field, "field");
            this.reference = Objects.requireNonNull(reference, "reference");
        }

        public String field() {
            return field;
        }

        public String reference() {
            return reference;
        }

        @Override
        public Kind kind() {
            return Kind.REFERENCE_NOT_FOUND;
        }
    }

    public static final class ScopeNotFound extends VaultProviderException {
        public ScopeNotFound(VaultType vaultType, String message) {
            super(vaultType, message, null);
        }

        @Override
        public Kind kind() {
            return Kind.NOT_FOUND_SCOPE;
        }
    }

    public static final class RateLimited extends VaultProviderException {
        private final OptionalLong retryAfterSeconds;

        public RateLimited(VaultType vaultType, String message, OptionalLong retryAfterSeconds) {
            super(vaultType, message + retryHint(retryAfterSeconds), null);
            this.retryAfterSeconds = Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds");
        }

        /** How long the provider asked us to wait, when it said. */
        public OptionalLong retryAfterSeconds() {
            return retryAfterSeconds;
        }

        @Override
        public Kind kind() {
            return Kind.RATE_LIMITED;
        }

        private static String retryHint(OptionalLong seconds) {
            return seconds.isPresent() ? "; retry after " + seconds.getAsLong() + " s" : "; retry later";
        }
    }

    public static final class Unreachable extends VaultProviderException {
        public Unreachable(VaultType vaultType, String message) {
            this(vaultType, message, null);
        }

        /** {@code cause} must be a transport error whose message cannot hold a secret (no parser errors). */
        public Unreachable(VaultType vaultType, String message, Throwable cause) {
            super(vaultType, message, cause);
        }

        @Override
        public Kind kind() {
            return Kind.UNREACHABLE;
        }
    }

    public static final class ProviderError extends VaultProviderException {
        public ProviderError(VaultType vaultType, String message) {
            this(vaultType, message, null);
        }

        /** {@code cause} must be an error whose message cannot hold a secret (no parser errors). */
        public ProviderError(VaultType vaultType, String message, Throwable cause) {
            super(vaultType, message, cause);
        }

        @Override
        public Kind kind() {
            return Kind.PROVIDER_ERROR;
        }
    }
}
