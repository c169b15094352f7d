package io.dataraven.secrets.vault;

import io.dataraven.secrets.common.Names;

import java.time.Instant;
import java.util.UUID;

/**
 * Metadata of a team's connection to an external vault. Its token or client credentials live in the credential
 * store at {@code credentialPath}, never here. {@code updatedAt} doubles as the item's version.
 */
public record VaultConnection(UUID id, UUID teamId, String name, String description, VaultType vaultType,
                              VaultSettings settings, Instant createdAt, String createdBy, Instant updatedAt,
                              String updatedBy, Instant lastVerifiedAt, String credentialPath, Long credentialVersion,
                              boolean pending) {

    public VaultConnection {
        settings = settings == null ? VaultSettings.NONE : settings;
    }

    /** An active connection without a recorded token version (reads the newest). */
    public VaultConnection(UUID id, UUID teamId, String name, String description, VaultType vaultType,
                           VaultSettings settings, Instant createdAt, String createdBy, Instant updatedAt,
                           String updatedBy, Instant lastVerifiedAt, String credentialPath) {
        this(id, teamId, name, description, vaultType, settings, createdAt, createdBy, updatedAt, updatedBy,
                lastVerifiedAt, credentialPath, null, false);
    }

    /** This connection as a create in progress: it holds its name and slot, invisible until its token is stored. */
    public VaultConnection asPending() {
        return new VaultConnection(id, teamId, name, description, vaultType, settings, createdAt, createdBy,
                updatedAt, updatedBy, lastVerifiedAt, credentialPath, null, true);
    }

    /** This connection visible, pointing at the given version of its token. */
    public VaultConnection activated(Long version) {
        return new VaultConnection(id, teamId, name, description, vaultType, settings, createdAt, createdBy,
                updatedAt, updatedBy, lastVerifiedAt, credentialPath, version, false);
    }

    /** A connection as first stored, with no settings or stored token (tests seed connections this way). */
    public VaultConnection(UUID id, UUID teamId, String name, String description, VaultType vaultType,
                           Instant createdAt, String createdBy) {
        this(id, teamId, name, description, vaultType, VaultSettings.NONE, createdAt, createdBy, createdAt, createdBy,
                null, null);
    }

    public String normalizedName() {
        return normalizeName(name);
    }

    /** Connection names are unique per team by the rule of secret names ({@link Names#key}). */
    public static String normalizeName(String name) {
        return Names.key(name);
    }
}
