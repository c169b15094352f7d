package io.dataraven.secrets.credential;

import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.util.Optional;

import static io.dataraven.secrets.credential.FieldKind.ACCESS_KEY_ID;
import static io.dataraven.secrets.credential.FieldKind.ACCOUNT_KEY;
import static io.dataraven.secrets.credential.FieldKind.ACCOUNT_NAME;
import static io.dataraven.secrets.credential.FieldKind.SAS_URL;
import static io.dataraven.secrets.credential.FieldKind.SECRET_KEY;
import static io.dataraven.secrets.credential.FieldKind.SERVICE_ACCOUNT_JSON;

/**
 * The credential schema table (spec §3.3/§3.4): each auth method names its provider and exactly the fields it
 * needs. Validation, field-mapping checks and docs all read this one table, so adding a provider is one line.
 */
public enum AuthMethod {
    S3_ACCESS_KEY(SecretType.S3, keyPair()),
    AZURE_SAS_URL(SecretType.AZURE_BLOB, List.of(new CredentialField("sas_url", SAS_URL))),
    AZURE_ACCOUNT_KEY(SecretType.AZURE_BLOB, List.of(
            new CredentialField("account_name", ACCOUNT_NAME), new CredentialField("account_key", ACCOUNT_KEY))),
    GCS_SERVICE_ACCOUNT(SecretType.GCS, List.of(new CredentialField("service_account_json", SERVICE_ACCOUNT_JSON))),
    R2_ACCESS_KEY(SecretType.R2, keyPair()),
    B2_APPLICATION_KEY(SecretType.B2, List.of(
            new CredentialField("application_key_id", ACCESS_KEY_ID), new CredentialField("application_key", SECRET_KEY))),
    WASABI_ACCESS_KEY(SecretType.WASABI, keyPair()),
    RAILWAY_ACCESS_KEY(SecretType.RAILWAY, keyPair()),
    ORACLE_OBJECT_STORAGE_S3_ACCESS_KEY(SecretType.ORACLE_OBJECT_STORAGE_S3, keyPair()),
    TIGRIS_ACCESS_KEY(SecretType.TIGRIS, keyPair()),
    DIGITALOCEAN_SPACES_ACCESS_KEY(SecretType.DIGITALOCEAN_SPACES, keyPair()),
    HETZNER_ACCESS_KEY(SecretType.HETZNER, keyPair()),
    RABATA_ACCESS_KEY(SecretType.RABATA, keyPair()),
    S3_COMPATIBLE_ACCESS_KEY(SecretType.S3_COMPATIBLE, keyPair());

    private final SecretType secretType;
    private final List<CredentialField> fields;
    private final String wire = name().toLowerCase(Locale.ROOT);

    AuthMethod(SecretType secretType, List<CredentialField> fields) {
        this.secretType = secretType;
        this.fields = fields;
    }

    private static List<CredentialField> keyPair() {
        return List.of(new CredentialField("access_key_id", ACCESS_KEY_ID),
                new CredentialField("secret_access_key", SECRET_KEY));
    }

    public SecretType secretType() {
        return secretType;
    }

    public List<CredentialField> fields() {
        return fields;
    }

    public Optional<CredentialField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public String wire() {
        return wire;
    }

    public boolean fits(SecretType type) {
        return secretType == type;
    }

    public static List<AuthMethod> forType(SecretType type) {
        return Arrays.stream(values()).filter(m -> m.secretType == type).toList();
    }

    public static Optional<AuthMethod> fromWire(String value) {
        for (AuthMethod method : values()) {
            if (method.wire.equals(value)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
