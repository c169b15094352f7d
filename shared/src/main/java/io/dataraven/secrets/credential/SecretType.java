package io.dataraven.secrets.credential;

import java.util.Locale;
import java.util.Optional;

/** The 13 cloud storage provider types (spec §3.1). The wire value is the lower-case name. */
public enum SecretType {
    S3, AZURE_BLOB, GCS, R2, B2, WASABI, RAILWAY, ORACLE_OBJECT_STORAGE_S3, S3_COMPATIBLE, TIGRIS,
    DIGITALOCEAN_SPACES, HETZNER, RABATA;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    public static Optional<SecretType> fromWire(String value) {
        for (SecretType type : values()) {
            if (type.wire.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
