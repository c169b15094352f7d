package io.dataraven.secrets.vault;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A create-connection body after JSON type checks (spec §4.1). Single-field limits are constraints here; which
 * fields belong to which vault type, and the token prefixes, are checked by {@link VaultConnectionService}.
 * Tokens and client credentials never appear in {@link #toString()}.
 */
public record VaultConnectionRequest(
        @NotBlank @Size(max = 255) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String name,
        @Size(max = 2000) String description,
        @NotNull String vaultType,
        @Size(min = 1, max = 4096) String accessToken,
        @Size(min = 1, max = 255) String clientId,
        @Size(min = 1, max = 1000) String clientSecret,
        @Size(min = 1, max = 255) String project,
        @Size(min = 1, max = 255) String config,
        @Size(min = 1, max = 255) String projectId,
        @Size(min = 1, max = 100) String environment,
        @Size(min = 1, max = 500) String secretPath) {

    @Override
    public String toString() {
        return "VaultConnectionRequest[name=" + name + ", vaultType=" + vaultType + " (credentials redacted)]";
    }
}
