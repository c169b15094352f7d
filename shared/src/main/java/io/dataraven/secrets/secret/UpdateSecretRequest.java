package io.dataraven.secrets.secret;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * A PATCH body: every field optional, only what is sent changes. {@code descriptionSent} tells "clear the
 * description" (null sent) from "leave it" (absent). Cross-field rules live in {@link SecretValidator}.
 */
public record UpdateSecretRequest(
        // Optional here (null = keep the name), and already canonical: an empty name is a blank one. Checked by
        // Names.check, as on create.
        String name,
        boolean descriptionSent,
        @Size(max = 2000) String description,
        String secretType,
        String authMethod,
        Map<String, String> credentials,
        List<@Valid FieldMapping> fieldMappings,
        boolean vaultConnectionIdSent) {

    public boolean empty() {
        return name == null && !descriptionSent && secretType == null && authMethod == null && credentials == null
                && fieldMappings == null && !vaultConnectionIdSent;
    }

    @Override
    public String toString() {
        return "UpdateSecretRequest[name=" + name + ", secretType=" + secretType + ", authMethod=" + authMethod
                + ", credentials=" + (credentials == null ? "null" : credentials.keySet() + " (values redacted)") + "]";
    }
}
