package io.dataraven.secrets.vault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rotate body: new values for the connection's token fields, by request name ({@code access_token}, or Infisical's
 * {@code client_id} and {@code client_secret}). Never printed.
 */
public record VaultConnectionRotation(Map<String, String> fields) {

    public VaultConnectionRotation {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String toString() {
        return "VaultConnectionRotation[(credentials redacted)]";
    }
}
