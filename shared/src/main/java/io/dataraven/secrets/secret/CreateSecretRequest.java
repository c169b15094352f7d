package io.dataraven.secrets.secret;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * The create body after JSON type checks. Single-field rules are Bean Validation constraints; rules across
 * fields (the mode, the schema table) live in {@link SecretValidator}. {@code name} is already trimmed.
 * {@code credentials} holds only the string-valued entries; the rest were reported while parsing.
 */
public record CreateSecretRequest(
        @NotBlank @Size(max = 255) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
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
