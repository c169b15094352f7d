package io.dataraven.secrets.credential;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Port to where credential values live (SSM SecureString parameters in AWS). Every write makes a new numbered
 * version of its path and returns that number; metadata points at the version it committed, so a late or repeated
 * write only adds a version nobody points at. Paths come from {@link CredentialPaths}; values never leave through
 * any public endpoint.
 */
public interface CredentialStore {

    /**
     * Stores the first version of a path that only the caller knows (it holds an id the caller generated), so a
     * path found taken after the adapter's own retry is the caller's earlier attempt and counts as done.
     *
     * @return the version written (1)
     * @throws CredentialAlreadyExistsException the path was taken before this call's first attempt
     */
    long create(String path, Credentials credentials);

    /** Writes a new version of the path (creating it if missing); older versions stay readable. */
    long overwrite(String path, Credentials credentials);

    /** Removes the path with all its versions; a missing path is not an error, so retries are safe. */
    void delete(String path);

    /** Removes many paths, in the backend's batches and at a pace under its delete rate; missing ones are skipped. */
    void deleteAll(Collection<String> paths);

    /** The newest version (for metadata written before versions were recorded). */
    Optional<Credentials> read(String path);

    /** The given version; empty if the path or that version is gone. {@code null} reads the newest. */
    Optional<Credentials> read(String path, Long version);

    /**
     * The parameters under {@code prefix} that this store's owner (its table) created: names and ages only, never
     * values. What the orphan sweeper may consider; parameters of any other owner are never listed.
     */
    List<StoredParameter> list(String prefix);

    /** A stored parameter's name and when it was last written. */
    record StoredParameter(String path, Instant lastModified) {
    }

    /** Thrown when {@link #create} finds the path taken. */
    final class CredentialAlreadyExistsException extends RuntimeException {
        public CredentialAlreadyExistsException(String path) {
            super("a credential parameter already exists at " + path, null, false, false);
        }
    }
}
