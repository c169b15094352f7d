package io.dataraven.secrets.auth;

/** The caller is not a member of the team, or its role is below what the operation needs (403). */
public final class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message, null, false, false);
    }
}
