package io.dataraven.secrets.secret;

import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.SecretType;
import io.dataraven.secrets.vault.VaultType;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.text.Normalizer;

/**
 * A secret's metadata. Never holds credential values: a direct secret points at its parameter through
 * {@code credentialPath}; an external one holds references into the team's vault.
 */
public record Secret(UUID id, UUID teamId, String name, String description, SecretType secretType,
                     AuthMethod authMethod, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                     String credentialPath, UUID vaultConnectionId, VaultType vaultType,
                     Map<String, String> fieldMappings) {

    public Secret {
        fieldMappings = fieldMappings == null ? null : Map.copyOf(fieldMappings);
    }

    public boolean external() {
        return vaultConnectionId != null;
    }

    public String normalizedName() {
        return normalizeName(name);
    }

    /** Names are unique per team compared case-insensitively after trimming (and Unicode NFC). */
    public static String normalizeName(String name) {
        return Normalizer.normalize(name.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }
}
