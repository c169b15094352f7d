package io.dataraven.secrets.credential;

import java.util.Optional;

/**
 * Port to where credential values live (SSM SecureString parameters in AWS). Paths come from
 * {@link CredentialPaths}; values never leave through any public endpoint.
 */
public interface CredentialStore {

    /** Stores a new value; fails with {@link CredentialAlreadyExistsException} if the path is taken. */
    void create(String path, Credentials credentials);

    /** Replaces the value at an existing path (SSM keeps the old versions). */
    void overwrite(String path, Credentials credentials);

    /** Removes the value; removing a missing path is not an error, so retries are safe. */
    void delete(String path);

    Optional<Credentials> read(String path);

    /** Every parameter under {@code prefix} (names and ages only, never values): what the orphan sweeper checks. */
    java.util.List<StoredParameter> list(String prefix);

    /** A stored parameter's name and when it was last written. */
    record StoredParameter(String path, java.time.Instant lastModified) {
    }

    /** Thrown when {@link #create} finds the path taken. */
    final class CredentialAlreadyExistsException extends RuntimeException {
        public CredentialAlreadyExistsException(String path) {
            super("a credential parameter already exists at " + path, null, false, false);
        }
    }
}
