package io.dataraven.secrets.common;

import java.util.List;

/** An {@code Idempotency-Key} sent again with a different request: nothing is done (HTTP 422). */
public final class IdempotencyKeyReusedException extends DomainException {

    public IdempotencyKeyReusedException(String header) {
        super("idempotency_key_reused", "This " + header + " was already used with a different request (another "
                + "body, operation or resource) in the last 24 hours; use a new key for a new request.",
                List.of(new Violation(List.of("header", header.toLowerCase(java.util.Locale.ROOT)),
                        "already used with a different request", "idempotency_key_reused")), null);
    }
}
