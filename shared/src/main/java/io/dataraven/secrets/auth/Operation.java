package io.dataraven.secrets.auth;

/**
 * Every team operation of the API and the lowest role that may perform it: the one place a role is declared
 * (spec §5.1). The services check it before they read a request body, so a caller who may not write learns nothing
 * from validation messages; `OperationRolesTest` (local) checks it against template.yaml's routes.
 */
public enum Operation {
    CREATE_SECRET(Role.ADMIN),
    LIST_SECRETS(Role.VIEWER),
    GET_SECRET(Role.VIEWER),
    UPDATE_SECRET(Role.ADMIN),
    DELETE_SECRET(Role.ADMIN),
    CREATE_VAULT_CONNECTION(Role.ADMIN),
    LIST_VAULT_CONNECTIONS(Role.VIEWER),
    GET_VAULT_CONNECTION(Role.VIEWER),
    UPDATE_VAULT_CONNECTION(Role.ADMIN),
    ROTATE_VAULT_CONNECTION(Role.ADMIN),
    TEST_VAULT_CONNECTION(Role.OPERATOR),
    DELETE_VAULT_CONNECTION(Role.ADMIN);

    private final Role minimum;

    Operation(Role minimum) {
        this.minimum = minimum;
    }

    public Role minimum() {
        return minimum;
    }
}
