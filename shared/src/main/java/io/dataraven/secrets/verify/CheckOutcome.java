package io.dataraven.secrets.verify;

import java.util.Objects;

/**
 * What a credential check found. {@code reason} is null exactly when {@code ok}; {@code retryable} follows
 * the reason. Messages name the provider, the non-secret identity it reported (an account id, an ARN) and a
 * known error code at most: never a credential value nor text the provider sent back.
 */
public record CheckOutcome(boolean ok, String message, String reason, boolean retryable, Long retryAfterSeconds) {

    public CheckOutcome {
        Objects.requireNonNull(message, "message");
        if (ok != (reason == null)) {
            throw new IllegalArgumentException("reason must be null exactly when ok");
        }
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
    }

    public static CheckOutcome ok(String message) {
        return new CheckOutcome(true, message, null, false, null);
    }

    public static CheckOutcome failed(Reason reason, String message) {
        return failed(reason, message, null);
    }

    /** {@code retryAfterSeconds}: how long the provider asked us to wait, when it said (rate limits). */
    public static CheckOutcome failed(Reason reason, String message, Long retryAfterSeconds) {
        return new CheckOutcome(false, message, reason.wire(), reason.retryable(), retryAfterSeconds);
    }
}
