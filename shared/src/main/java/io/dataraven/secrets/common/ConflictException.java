package io.dataraven.secrets.common;

import java.util.List;
import java.util.OptionalLong;

/**
 * The change collides with the current state (a name taken, a concurrent change, a connection in use). When the
 * collision is expected to clear by itself, {@code retryAfterSeconds} says when a repeat can succeed.
 */
public final class ConflictException extends DomainException {

    private final Long retryAfterSeconds;

    public ConflictException(String code, String message) {
        this(code, message, List.of(), null);
    }

    public ConflictException(String code, String message, List<Violation> detail) {
        this(code, message, detail, null);
    }

    public ConflictException(String code, String message, List<Violation> detail, Long retryAfterSeconds) {
        super(code, message, detail, null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds == null ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
    }
}
