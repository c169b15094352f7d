package io.dataraven.secrets.verify;

import java.util.Locale;

/** Why a credential check did not pass; the wire value is the lower-case name. */
public enum Reason {
    /** The provider rejected the key or its signature: bad, revoked or deleted. */
    AUTH_FAILED(false),
    /** The provider says the credential (or the SAS) has expired or is not valid yet. */
    EXPIRED(false),
    /** The provider throttled us: retry, after {@link CheckOutcome#retryAfterSeconds()} when given. */
    RATE_LIMITED(true),
    /** DNS, connect or read failure, a timeout or a 5xx answer. */
    UNREACHABLE(true),
    /** The endpoint resolves to a loopback, private or link-local address; we do not call those. */
    ENDPOINT_NOT_ALLOWED(false),
    /** The stored credential points at something that does not exist (an Azure container that is gone). */
    NOT_FOUND(false),
    /**
     * The credentials to check could not be read: the stored parameter is lost, or (an external secret) its vault
     * refused the connection's token or a reference is missing. The message says which; nothing reached the
     * cloud provider.
     */
    CREDENTIALS_UNAVAILABLE(false),
    /** An answer we do not understand. */
    PROVIDER_ERROR(false);

    private final boolean retryable;
    private final String wire = name().toLowerCase(Locale.ROOT);

    Reason(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    public String wire() {
        return wire;
    }
}
