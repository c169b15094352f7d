package io.dataraven.secrets.common;

import java.util.List;

/**
 * A failure the caller can act on, in the domain's words: a kind (the subclass), a stable {@code code} and a message
 * shown to the caller. Messages never contain a credential value; stack traces are never rendered. The HTTP edge
 * maps each kind to a status in one place ({@code api.ApiErrors}).
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidInputException, NotFoundException, ConflictException, LimitExceededException,
        WriteNotCompletedException, IdempotencyKeyReusedException {

    private final String code;
    private final List<Violation> detail;

    DomainException(String code, String message, List<Violation> detail, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.detail = List.copyOf(detail);
    }

    public String code() {
        return code;
    }

    /** Field-level problems, possibly empty. */
    public List<Violation> detail() {
        return detail;
    }
}
