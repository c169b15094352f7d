package io.dataraven.secrets.vault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The non-secret settings of a vault connection (spec §4.1): where references are looked up, by the names of its
 * type's setting fields (e.g. Doppler's {@code project} and {@code config}). Tokens and client credentials are never
 * here: they live in the credential store.
 */
public record VaultSettings(Map<String, String> values) {

    public static final VaultSettings NONE = new VaultSettings(Map.of());

    public VaultSettings {
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value != null) {
                copy.put(name, value);
            }
        });
        values = Collections.unmodifiableMap(copy);
    }

    /** The setting's value, or null when it is not set. */
    public String get(String name) {
        return values.get(name);
    }
}
