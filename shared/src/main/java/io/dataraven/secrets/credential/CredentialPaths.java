package io.dataraven.secrets.credential;

import java.util.UUID;

/**
 * Where each credential lives: {@code /<prefix>/teams/<team_id>/secrets/<secret_id>}. IAM grants the functions
 * this prefix only, so the layout is part of the security model.
 */
public final class CredentialPaths {

    private final String prefix;

    public CredentialPaths(String prefix) {
        String trimmed = prefix.strip();
        if (!trimmed.matches("(/[A-Za-z0-9_.-]+)+")) {
            throw new IllegalArgumentException("credential path prefix must look like /dataraven/dev, got " + prefix);
        }
        this.prefix = trimmed;
    }

    public String prefix() {
        return prefix;
    }

    public String secret(UUID teamId, UUID secretId) {
        return prefix + "/teams/" + teamId + "/secrets/" + secretId;
    }

    public String vaultConnection(UUID teamId, UUID connectionId) {
        return prefix + "/teams/" + teamId + "/vault-connections/" + connectionId;
    }
}
