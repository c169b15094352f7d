package io.dataraven.secrets.common;

import java.util.List;

/**
 * One field-level problem, in the FastAPI/pydantic shape the public API documents for {@code detail}:
 * {@code loc} is the path to the field (e.g. {@code ["body", "credentials", "sas_url"]}).
 * Messages never quote a submitted credential value.
 */
public record Violation(List<Object> loc, String msg, String type) {

    public Violation {
        loc = List.copyOf(loc);
    }

    public static Violation body(String msg, String type, Object... path) {
        Object[] loc = new Object[path.length + 1];
        loc[0] = "body";
        System.arraycopy(path, 0, loc, 1, path.length);
        return new Violation(List.of(loc), msg, type);
    }
}
