package io.dataraven.secrets.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.JsonFields;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.common.Parsed;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** JSON bodies of the vault-connection endpoints -> request records, with every JSON type problem collected. */
public final class VaultConnectionRequests {

    static final Set<String> CREATE_FIELDS = Set.of("name", "description", "vault_type", "access_token", "client_id",
            "client_secret", "project", "config", "project_id", "environment", "secret_path");

    private VaultConnectionRequests() {
    }

    public static Parsed<VaultConnectionRequest> create(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields f = JsonFields.body(body, violations);
        f.rejectUnknown(CREATE_FIELDS);
        String name = f.string("name");
        return new Parsed<>(new VaultConnectionRequest(name == null ? null : name.strip(), f.string("description"),
                f.string("vault_type"), f.string("access_token"), f.string("client_id"), f.string("client_secret"),
                f.string("project"), f.string("config"), f.string("project_id"), f.string("environment"),
                f.string("secret_path")), violations);
    }

    public static Parsed<VaultConnectionUpdate> update(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields f = JsonFields.body(body, violations);
        for (String field : CREATE_FIELDS) {
            if (body.has(field) && !field.equals("name") && !field.equals("description")) {
                violations.add(Violation.body(field.equals("vault_type")
                        ? "cannot change: create a new connection for another vault"
                        : field.endsWith("token") || field.startsWith("client")
                        ? "credentials change through POST .../rotate, not here"
                        : "cannot change: references are resolved in this scope; create a new connection instead",
                        "immutable", field));
            }
        }
        f.rejectUnknown(CREATE_FIELDS);
        String name = f.string("name");
        if (body.has("name") && body.get("name").isNull()) {
            violations.add(Violation.body("cannot be null; omit it to keep the name", "string_type", "name"));
        }
        return new Parsed<>(new VaultConnectionUpdate(name == null ? null : name.strip(), body.has("description"),
                f.string("description")), violations);
    }

    public static Parsed<VaultConnectionRotation> rotation(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields f = JsonFields.body(body, violations);
        f.rejectUnknown(Set.of("access_token", "client_id", "client_secret"));
        return new Parsed<>(new VaultConnectionRotation(f.string("access_token"), f.string("client_id"),
                f.string("client_secret")), violations);
    }
}
