package io.dataraven.secrets.vault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A create-connection body after JSON type checks (spec §4.1). The name's limits are constraints here; the vault
 * fields (settings and token, by their request names) are checked against the type's {@link VaultField}s by
 * {@link VaultConnectionService}. Tokens and client credentials never appear in {@link #toString()}.
 *
 * @param fields the vault fields given, by request name (e.g. {@code access_token}, {@code project})
 */
public record VaultConnectionRequest(
        // Checked by Names.check, as a secret's name.
        String name,
        @Size(max = 2000) String description,
        @NotNull String vaultType,
        Map<String, String> fields) {

    public VaultConnectionRequest {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String toString() {
        return "VaultConnectionRequest[name=" + name + ", vaultType=" + vaultType + " (credentials redacted)]";
    }
}
