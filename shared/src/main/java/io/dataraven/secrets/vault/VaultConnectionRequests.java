package io.dataraven.secrets.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.JsonFields;
import io.dataraven.secrets.common.Names;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.common.Parsed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON bodies of the vault-connection endpoints -> request records, with every JSON type problem collected. */
public final class VaultConnectionRequests {

    /** The connection's own fields, then every field of every vault type (the service checks which belong). */
    static final Set<String> CREATE_FIELDS = createFields();

    /** The token fields of every type: what a rotation may carry. */
    static final Set<String> TOKEN_FIELDS = tokenFields();

    private VaultConnectionRequests() {
    }

    public static Parsed<VaultConnectionRequest> create(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields f = JsonFields.body(body, violations);
        f.rejectUnknown(CREATE_FIELDS);
        String name = f.string("name");
        return new Parsed<>(new VaultConnectionRequest(name == null ? null : Names.canonical(name), f.string("description"),
                f.string("vault_type"), strings(f, VaultType.allFieldNames())), violations);
    }

    public static Parsed<VaultConnectionUpdate> update(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields f = JsonFields.body(body, violations);
        for (String field : CREATE_FIELDS) {
            if (body.has(field) && !field.equals("name") && !field.equals("description")) {
                violations.add(Violation.body(field.equals("vault_type")
                        ? "cannot change: create a new connection for another vault"
                        : TOKEN_FIELDS.contains(field)
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
        return new Parsed<>(new VaultConnectionUpdate(name == null ? null : Names.canonical(name), body.has("description"),
                f.string("description")), violations);
    }

    public static Parsed<VaultConnectionRotation> rotation(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields f = JsonFields.body(body, violations);
        f.rejectUnknown(TOKEN_FIELDS);
        return new Parsed<>(new VaultConnectionRotation(strings(f, TOKEN_FIELDS)), violations);
    }

    /** The given string fields among {@code names}, in order; absent and null ones left out. */
    private static Map<String, String> strings(JsonFields f, Set<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            String value = f.string(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    private static Set<String> createFields() {
        Set<String> fields = new LinkedHashSet<>(List.of("name", "description", "vault_type"));
        fields.addAll(VaultType.allFieldNames());
        return Collections.unmodifiableSet(fields);
    }

    private static Set<String> tokenFields() {
        Set<String> fields = new LinkedHashSet<>();
        for (VaultType type : VaultType.values()) {
            type.tokenFields().forEach(field -> fields.add(field.name()));
        }
        return Collections.unmodifiableSet(fields);
    }
}
