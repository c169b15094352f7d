package io.dataraven.secrets.secret;

import java.util.ArrayList;
import java.util.List;

import io.dataraven.secrets.credential.CredentialValidity;

import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.SecretType;
import io.dataraven.secrets.vault.VaultType;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import io.dataraven.secrets.common.Names;

/**
 * A secret's metadata. Never holds credential values: a direct secret points at one version of its parameter
 * ({@code credentialPath} at {@code credentialVersion}; null for metadata written before versions were recorded,
 * which reads the newest); an external one holds references into the team's vault. A {@code pending} secret is a
 * create in progress: it holds its name and tier slot but is invisible to the API until its credentials are stored.
 * {@code validity} is the window the direct credentials carry (a SAS URL's st=/se=), null when they carry none.
 */
public record Secret(UUID id, UUID teamId, String name, String description, SecretType secretType,
                     AuthMethod authMethod, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                     String credentialPath, UUID vaultConnectionId, VaultType vaultType,
                     Map<String, String> fieldMappings, Long credentialVersion, boolean pending,
                     CredentialValidity validity, List<CredentialVersion> versions, Verification verification) {

    /**
     * How many credential versions the metadata lists: SSM keeps the last 100 versions of a parameter, so an older
     * one could not be rolled back to anyway.
     */
    public static final int KEPT_VERSIONS = 100;

    public Secret {
        fieldMappings = fieldMappings == null ? null : Map.copyOf(fieldMappings);
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    /** Not verified yet (or its last verification not carried: a write of new credentials). */
    public Secret(UUID id, UUID teamId, String name, String description, SecretType secretType,
                  AuthMethod authMethod, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                  String credentialPath, UUID vaultConnectionId, VaultType vaultType,
                  Map<String, String> fieldMappings, Long credentialVersion, boolean pending,
                  CredentialValidity validity, List<CredentialVersion> versions) {
        this(id, teamId, name, description, secretType, authMethod, createdAt, createdBy, updatedAt, updatedBy,
                credentialPath, vaultConnectionId, vaultType, fieldMappings, credentialVersion, pending, validity,
                versions, null);
    }

    /** The same secret with its last verification recorded. */
    public Secret withVerification(Verification last) {
        return new Secret(id, teamId, name, description, secretType, authMethod, createdAt, createdBy, updatedAt,
                updatedBy, credentialPath, vaultConnectionId, vaultType, fieldMappings, credentialVersion, pending,
                validity, versions, last);
    }

    /** Without recorded versions (external secrets, and metadata from before versions were listed). */
    public Secret(UUID id, UUID teamId, String name, String description, SecretType secretType,
                  AuthMethod authMethod, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                  String credentialPath, UUID vaultConnectionId, VaultType vaultType,
                  Map<String, String> fieldMappings, Long credentialVersion, boolean pending,
                  CredentialValidity validity) {
        this(id, teamId, name, description, secretType, authMethod, createdAt, createdBy, updatedAt, updatedBy,
                credentialPath, vaultConnectionId, vaultType, fieldMappings, credentialVersion, pending, validity,
                List.of());
    }

    /** Without a known validity window (every credential but a SAS URL that carries one). */
    public Secret(UUID id, UUID teamId, String name, String description, SecretType secretType,
                  AuthMethod authMethod, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                  String credentialPath, UUID vaultConnectionId, VaultType vaultType,
                  Map<String, String> fieldMappings, Long credentialVersion, boolean pending) {
        this(id, teamId, name, description, secretType, authMethod, createdAt, createdBy, updatedAt, updatedBy,
                credentialPath, vaultConnectionId, vaultType, fieldMappings, credentialVersion, pending, null);
    }

    /** An active secret without a recorded credential version. */
    public Secret(UUID id, UUID teamId, String name, String description, SecretType secretType,
                  AuthMethod authMethod, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                  String credentialPath, UUID vaultConnectionId, VaultType vaultType,
                  Map<String, String> fieldMappings) {
        this(id, teamId, name, description, secretType, authMethod, createdAt, createdBy, updatedAt, updatedBy,
                credentialPath, vaultConnectionId, vaultType, fieldMappings, null, false);
    }

    /** This secret as a create in progress. */
    public Secret asPending() {
        return new Secret(id, teamId, name, description, secretType, authMethod, createdAt, createdBy, updatedAt,
                updatedBy, credentialPath, vaultConnectionId, vaultType, fieldMappings, null, true, validity, versions,
                verification);
    }

    /** This secret made visible, pointing at the stored version of its credentials (null for external ones). */
    public Secret activated(Long version) {
        return new Secret(id, teamId, name, description, secretType, authMethod, createdAt, createdBy, updatedAt,
                updatedBy, credentialPath, vaultConnectionId, vaultType, fieldMappings, version, false, validity,
                versions, verification);
    }

    /** The same secret with the validity window its (new) credentials carry; null: none known. */
    public Secret withValidity(CredentialValidity window) {
        return new Secret(id, teamId, name, description, secretType, authMethod, createdAt, createdBy, updatedAt,
                updatedBy, credentialPath, vaultConnectionId, vaultType, fieldMappings, credentialVersion, pending,
                window, versions, verification);
    }

    /**
     * Made visible at a new credential version, which joins the list (the oldest leaves past
     * {@link #KEPT_VERSIONS}): what an activation or a rotation commits.
     */
    public Secret recorded(long version, Instant at, String by) {
        List<CredentialVersion> listed = new ArrayList<>(listedVersions());
        listed.removeIf(v -> v.version() == version); // a repeated write of the same version replaces its entry
        listed.add(new CredentialVersion(version, at, by, authMethod, validity));
        // SSM keeps the 100 highest version numbers, counting versions that never reached this list (a rotation
        // that lost its switch): so by number, not by count.
        listed.removeIf(v -> v.version() <= version - KEPT_VERSIONS);
        while (listed.size() > KEPT_VERSIONS) {
            listed.remove(0);
        }
        return new Secret(id, teamId, name, description, secretType, authMethod, createdAt, createdBy, updatedAt,
                updatedBy, credentialPath, vaultConnectionId, vaultType, fieldMappings, version, false, validity,
                listed, verification);
    }

    /** The listed version, if the metadata still lists it. */
    public java.util.Optional<CredentialVersion> version(long number) {
        return listedVersions().stream().filter(v -> v.version() == number).findFirst();
    }

    /**
     * The versions as listed; for a direct secret written before versions were listed, its current one alone
     * (its number, last write and auth method: what the metadata knows of it), so it can be listed and rotated on.
     */
    public List<CredentialVersion> listedVersions() {
        if (!versions.isEmpty() || credentialVersion == null || external()) {
            return versions;
        }
        return List.of(new CredentialVersion(credentialVersion, updatedAt, updatedBy, authMethod, validity));
    }

    /** When the stored credentials stop working, as far as they say; null when unknown. */
    public Instant expiresAt() {
        return validity == null ? null : validity.expiresAt();
    }

    public boolean external() {
        return vaultConnectionId != null;
    }

    public String normalizedName() {
        return normalizeName(name);
    }

    /** Names are unique per team by {@link Names#key} (compatibility forms and case folded). */
    public static String normalizeName(String name) {
        return Names.key(name);
    }
}
