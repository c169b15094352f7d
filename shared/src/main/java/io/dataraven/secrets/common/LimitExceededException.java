package io.dataraven.secrets.common;

import java.util.List;

/** The team's plan does not allow the change (a tier limit); upgrading or deleting something makes room. */
public final class LimitExceededException extends DomainException {

    public LimitExceededException(String code, String message) {
        super(code, message, List.of(), null);
    }
}
