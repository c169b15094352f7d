package io.dataraven.secrets.secret;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * The create body after JSON type checks. Single-field rules are Bean Validation constraints; rules across
 * fields (the mode, the schema table) live in {@link SecretValidator}. {@code name} is already canonical
 * ({@code Names.canonical}).
 * {@code credentials} holds only the string-valued entries; the rest were reported while parsing.
 */
public record CreateSecretRequest(
        // Checked by Names.check (the one rule for every name), not by constraints here.
        String name,
        @Size(max = 2000) String description,
        @NotNull String secretType,
        @NotNull String authMethod,
        Map<String, String> credentials,
        String vaultConnectionId,
        List<@Valid FieldMapping> fieldMappings) {

    @Override
    public String toString() {
        // Records print every component; credentials must never be printed.
        return "CreateSecretRequest[name=" + name + ", secretType=" + secretType + ", authMethod=" + authMethod
                + ", credentials=" + (credentials == null ? "null" : credentials.keySet() + " (values redacted)")
                + ", vaultConnectionId=" + vaultConnectionId + "]";
    }
}
