package io.dataraven.secrets.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every team operation of the API, the lowest role that may perform it and the API-key scope that grants it: the
 * one place either is declared (spec §5.1-5.3). A request passes when the caller's role meets the minimum (a JWT
 * session) or the caller's API key holds the scope; operations without a scope are for JWT sessions only (managing
 * API keys: a key cannot mint or manage keys). The services check before they read a request body, so a caller who
 * may not write learns nothing from validation messages; `OperationRolesTest` (local) checks the roles against
 * template.yaml's routes.
 */
public enum Operation {
    CREATE_SECRET(Role.ADMIN, "secrets:create"),
    LIST_SECRETS(Role.VIEWER, "secrets:read"),
    GET_SECRET(Role.VIEWER, "secrets:read"),
    UPDATE_SECRET(Role.ADMIN, "secrets:update"),
    DELETE_SECRET(Role.ADMIN, "secrets:delete"),
    LIST_SECRET_VERSIONS(Role.VIEWER, "secrets:read"),
    ROLLBACK_SECRET(Role.ADMIN, "secrets:update"),
    VERIFY_SECRET(Role.OPERATOR, "secrets:verify"),
    CREATE_VAULT_CONNECTION(Role.ADMIN, "vault_connections:create"),
    LIST_VAULT_CONNECTIONS(Role.VIEWER, "vault_connections:read"),
    GET_VAULT_CONNECTION(Role.VIEWER, "vault_connections:read"),
    UPDATE_VAULT_CONNECTION(Role.ADMIN, "vault_connections:update"),
    ROTATE_VAULT_CONNECTION(Role.ADMIN, "vault_connections:rotate"),
    TEST_VAULT_CONNECTION(Role.OPERATOR, "vault_connections:verify"),
    DELETE_VAULT_CONNECTION(Role.ADMIN, "vault_connections:delete"),
    CREATE_API_KEY(Role.ADMIN, null),
    LIST_API_KEYS(Role.ADMIN, null),
    GET_API_KEY(Role.ADMIN, null),
    ROTATE_API_KEY(Role.ADMIN, null),
    REVOKE_API_KEY(Role.ADMIN, null),
    DELETE_API_KEY(Role.ADMIN, null);

    /** Every scope a key may hold, sorted: what a create checks its scopes against. */
    public static final List<String> SCOPES = Arrays.stream(values()).map(Operation::scope)
            .filter(s -> s != null).distinct().sorted().toList();

    private final Role minimum;
    private final String scope;

    Operation(Role minimum, String scope) {
        this.minimum = minimum;
        this.scope = scope;
    }

    public Role minimum() {
        return minimum;
    }

    /** The API-key scope that grants this operation; null when only a JWT session may perform it. */
    public String scope() {
        return scope;
    }

    /**
     * What a key's creator must hold to give a scope away, so a key never grants more than its creator could do:
     * the highest minimum among the operations the scope grants. Empty for an unknown scope.
     */
    public static Optional<Role> minimumForScope(String scope) {
        return Arrays.stream(values()).filter(o -> scope.equals(o.scope)).map(Operation::minimum)
                .max(Enum::compareTo);
    }
}
