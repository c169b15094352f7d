package io.dataraven.secrets.idempotency;

import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.Violation;

import java.util.List;
import java.util.Optional;

/** The value of an {@code Idempotency-Key} header: 1 to 255 visible ASCII characters (0x21-0x7E). */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (!valid(value)) {
            throw invalid();
        }
    }

    /** The header's key; empty when the header was not sent. A header sent but empty or malformed is a 400. */
    public static Optional<IdempotencyKey> parse(String header) {
        return header == null ? Optional.empty() : Optional.of(new IdempotencyKey(header));
    }

    private static boolean valid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        return value.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
    }

    private static InvalidInputException invalid() {
        // The value is not quoted: a client may have put something secret in the wrong header.
        return new InvalidInputException("invalid_idempotency_key", "The " + HEADER + " header must be 1 to "
                + MAX_LENGTH + " visible ASCII characters (no spaces).", List.of(new Violation(
                List.of("header", HEADER.toLowerCase(java.util.Locale.ROOT)),
                "must be 1-" + MAX_LENGTH + " visible ASCII characters", "value_error")));
    }
}
