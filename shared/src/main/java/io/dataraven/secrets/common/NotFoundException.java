package io.dataraven.secrets.common;

import java.util.List;

/** What the input names does not exist in this team (or is not visible yet). */
public final class NotFoundException extends DomainException {

    public NotFoundException(String code, String message, Violation violation) {
        super(code, message, violation == null ? List.of() : List.of(violation), null);
    }
}
