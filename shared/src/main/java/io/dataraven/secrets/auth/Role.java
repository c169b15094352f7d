package io.dataraven.secrets.auth;

import java.util.Locale;
import java.util.Optional;

/** Team roles, lowest first; a higher role has everything a lower one has (spec §5.1). */
public enum Role {
    VIEWER, OPERATOR, ADMIN, OWNER;

    public boolean atLeast(Role minimum) {
        return compareTo(minimum) >= 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String value) {
        for (Role role : values()) {
            if (role.wire().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
