package io.dataraven.secrets.auth;

/** The identity provider's signing keys could not be fetched: a retryable 503, not the caller's fault. */
public final class TokenKeysUnavailableException extends RuntimeException {

    public TokenKeysUnavailableException(String message) {
        super(message, null, false, false);
    }
}
