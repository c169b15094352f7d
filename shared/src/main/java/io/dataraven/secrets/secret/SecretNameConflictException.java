package io.dataraven.secrets.secret;

/** Another secret of the team already has this name (compared case-insensitively after trimming). */
public final class SecretNameConflictException extends RuntimeException {
    public SecretNameConflictException(String name) {
        super("a secret named '" + name + "' already exists in this team", null, false, false);
    }
}
