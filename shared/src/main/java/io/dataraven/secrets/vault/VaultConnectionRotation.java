package io.dataraven.secrets.vault;

import jakarta.validation.constraints.Size;

/** A rotate body: the new token (1Password, Doppler) or client credentials (Infisical). Never printed. */
public record VaultConnectionRotation(
        @Size(min = 1, max = 4096) String accessToken,
        @Size(min = 1, max = 255) String clientId,
        @Size(min = 1, max = 1000) String clientSecret) {

    @Override
    public String toString() {
        return "VaultConnectionRotation[(credentials redacted)]";
    }
}
