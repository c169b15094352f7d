package io.dataraven.secrets.secret;

import java.time.Instant;
import java.util.Objects;

/**
 * The last check of a secret's credentials against their provider: when, whether they worked, why not, and which
 * credential version it checked (null for an external secret), so a later rotation shows it is about older ones.
 */
public record Verification(Instant checkedAt, boolean ok, String reason, Long version) {

    public Verification {
        Objects.requireNonNull(checkedAt, "checkedAt");
        if (ok != (reason == null)) {
            throw new IllegalArgumentException("reason must be null exactly when ok");
        }
    }

    /** Whether it checked the credentials the secret holds now. */
    public boolean current(Secret secret) {
        return Objects.equals(version, secret.credentialVersion());
    }
}
