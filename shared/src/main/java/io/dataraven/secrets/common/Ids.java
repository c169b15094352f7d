package io.dataraven.secrets.common;

import java.util.UUID;
import java.util.regex.Pattern;

/** UUID parsing that accepts only the canonical 8-4-4-4-12 hex form (UUID.fromString accepts odd shapes). */
public final class Ids {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    /** The UUID, or null when the value is missing or not canonical. */
    public static UUID parseUuid(String value) {
        if (value == null || !CANONICAL.matcher(value).matches()) {
            return null;
        }
        return UUID.fromString(value);
    }

    /** The UUID when {@code value} is exactly its canonical lower-case spelling (as we write ids), else null. */
    public static UUID parseExact(String value) {
        UUID id = parseUuid(value);
        return id != null && id.toString().equals(value) ? id : null;
    }
}
