package io.dataraven.secrets.common;

import java.util.List;

/** The input breaks a rule; {@code detail} names every field at fault. */
public final class InvalidInputException extends DomainException {

    public InvalidInputException(String code, String message, List<Violation> detail) {
        super(code, message, detail, null);
    }

    /** Every problem found in one input, so the caller can fix them all at once. */
    public static InvalidInputException of(List<Violation> detail) {
        String message = detail.size() == 1
                ? "The request is invalid: " + detail.get(0).msg()
                : "The request is invalid: " + detail.size() + " problems, listed in detail.";
        return new InvalidInputException("validation_error", message, detail);
    }

    public static InvalidInputException of(String code, String message, Violation violation) {
        return new InvalidInputException(code, message, List.of(violation));
    }
}
