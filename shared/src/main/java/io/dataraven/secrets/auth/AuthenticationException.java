package io.dataraven.secrets.auth;

/** The bearer token is missing, malformed, expired or not ours (401); the message is safe to show. */
public final class AuthenticationException extends RuntimeException {

    public AuthenticationException(String message) {
        super(message, null, false, false);
    }
}
