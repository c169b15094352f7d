package io.dataraven.secrets.expiry;

import java.time.Instant;
import java.util.UUID;

/**
 * One warning about one secret's credentials: {@code secret_expiring} at a threshold ({@code thresholdDays} before
 * {@code expiresAt}) or {@code secret_expired}. Sent once per secret, expiry and threshold: a rotation to credentials
 * with another expiry starts its own series.
 *
 * @param thresholdDays the threshold crossed; null for {@code secret_expired}
 */
public record ExpiryNotice(UUID teamId, UUID secretId, String secretName, Instant expiresAt, Integer thresholdDays) {

    public static final String EXPIRING = "secret_expiring";
    public static final String EXPIRED = "secret_expired";

    public String eventType() {
        return thresholdDays == null ? EXPIRED : EXPIRING;
    }

    /** What tells this notice apart from every other: the key its once-only record is stored under. */
    public String key() {
        return secretId + "#" + expiresAt.getEpochSecond() + "#" + (thresholdDays == null ? "expired"
                : thresholdDays + "d");
    }
}
