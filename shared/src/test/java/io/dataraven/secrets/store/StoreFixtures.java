package io.dataraven.secrets.store;

import io.dataraven.secrets.testing.Vaults;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultSettings;
import io.dataraven.secrets.vault.VaultType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Secrets, vault connections and credential values for the adapter tests. */
public final class StoreFixtures {

    public static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456Z");
    public static final String USER = "user-7f3a";
    public static final String EDITOR = "user-2b9e";
    public static final CredentialPaths PATHS = new CredentialPaths("/dataraven/test");

    /** Values that must never show up in an exception message or a DynamoDB request. */
    public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz\"quote\\slash";
    public static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";

    private StoreFixtures() {
    }

    public static Secret directSecret(UUID teamId, String name) {
        return directSecret(teamId, UUID.randomUUID(), name);
    }

    public static Secret directSecret(UUID teamId, UUID secretId, String name) {
        return new Secret(secretId, teamId, name, "nightly backups", AuthMethod.S3_ACCESS_KEY.secretType(),
                AuthMethod.S3_ACCESS_KEY, CREATED, USER, CREATED, USER, PATHS.secret(teamId, secretId),
                null, null, null);
    }

    public static Secret externalSecret(UUID teamId, String name, UUID connectionId) {
        return externalSecret(teamId, UUID.randomUUID(), name, connectionId);
    }

    public static Secret externalSecret(UUID teamId, UUID secretId, String name, UUID connectionId) {
        Map<String, String> mappings = new LinkedHashMap<>();
        mappings.put("access_key_id", "op://Infra/S3 backup/access_key_id");
        mappings.put("secret_access_key", "op://Infra/S3 backup/secret_access_key");
        return new Secret(secretId, teamId, name, null, AuthMethod.S3_ACCESS_KEY.secretType(),
                AuthMethod.S3_ACCESS_KEY, CREATED, USER, CREATED, USER, null,
                connectionId, VaultType.ONEPASSWORD, mappings);
    }

    /**
     * The next version of {@code secret} as an edit would write it: another name and description, field mappings
     * kept, {@code updatedAt} (the version) one second later, by {@link #EDITOR}.
     */
    public static Secret edited(Secret secret, String name, String description) {
        return new Secret(secret.id(), secret.teamId(), name, description, secret.secretType(), secret.authMethod(),
                secret.createdAt(), secret.createdBy(), secret.updatedAt().plusSeconds(1), EDITOR,
                secret.credentialPath(), secret.vaultConnectionId(), secret.vaultType(), secret.fieldMappings());
    }

    /** {@link #edited} with only the name changed. */
    public static Secret renamed(Secret secret, String name) {
        return edited(secret, name, secret.description());
    }

    public static VaultConnection vaultConnection(UUID teamId) {
        return vaultConnection(teamId, "infra 1password");
    }

    /** A 1Password connection as first stored: no settings, no stored token, never verified. */
    public static VaultConnection vaultConnection(UUID teamId, String name) {
        return new VaultConnection(UUID.randomUUID(), teamId, name, "team vault", VaultType.ONEPASSWORD, CREATED, USER);
    }

    /**
     * A Doppler connection with every optional attribute set: settings, the path of its stored token, a version
     * later than its creation (by {@link #EDITOR}) and a verification time.
     */
    public static VaultConnection dopplerConnection(UUID teamId, String name) {
        UUID id = UUID.randomUUID();
        return new VaultConnection(id, teamId, name, "doppler prd", VaultType.DOPPLER,
                Vaults.dopplerSettings("backend", "prd"), CREATED, USER, CREATED.plusSeconds(60), EDITOR,
                CREATED.plusSeconds(90), PATHS.vaultConnection(teamId, id));
    }

    /** An Infisical connection with its three settings and a stored token, no description, never verified. */
    public static VaultConnection infisicalConnection(UUID teamId, String name) {
        UUID id = UUID.randomUUID();
        return new VaultConnection(id, teamId, name, null, VaultType.INFISICAL,
                Vaults.infisicalSettings("6630f6a1c0ffee0012345678", "prod", "/backups/s3"), CREATED, USER,
                CREATED, USER, null, PATHS.vaultConnection(teamId, id));
    }

    /**
     * The next version of {@code connection} as an edit would write it: another name and description, everything
     * else kept, {@code updatedAt} (the version) one second later, by {@link #EDITOR}.
     */
    public static VaultConnection edited(VaultConnection connection, String name, String description) {
        return new VaultConnection(connection.id(), connection.teamId(), name, description, connection.vaultType(),
                connection.settings(), connection.createdAt(), connection.createdBy(),
                connection.updatedAt().plusSeconds(1), EDITOR, connection.lastVerifiedAt(),
                connection.credentialPath());
    }

    /** {@link #edited(VaultConnection, String, String)} with only the name changed. */
    public static VaultConnection renamed(VaultConnection connection, String name) {
        return edited(connection, name, connection.description());
    }

    /** {@code connection} as a read after {@code recordVerified(at)} returns it. */
    public static VaultConnection verified(VaultConnection connection, Instant at) {
        return new VaultConnection(connection.id(), connection.teamId(), connection.name(), connection.description(),
                connection.vaultType(), connection.settings(), connection.createdAt(), connection.createdBy(),
                connection.updatedAt(), connection.updatedBy(), at, connection.credentialPath());
    }

    public static Credentials s3Credentials() {
        return s3Credentials(SECRET_ACCESS_KEY);
    }

    public static Credentials s3Credentials(String secretAccessKey) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("access_key_id", ACCESS_KEY_ID);
        values.put("secret_access_key", secretAccessKey);
        return new Credentials(values);
    }
}
