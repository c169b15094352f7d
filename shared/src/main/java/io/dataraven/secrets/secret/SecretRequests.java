package io.dataraven.secrets.secret;

import io.dataraven.secrets.common.PageRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.JsonFields;
import io.dataraven.secrets.common.Names;
import io.dataraven.secrets.common.Parsed;
import io.dataraven.secrets.common.Violation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON bodies -> request records, with every JSON type problem collected. */
public final class SecretRequests {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "description", "secret_type", "auth_method",
            "credentials", "vault_connection_id", "field_mappings");
    private static final Set<String> MAPPING_FIELDS = Set.of("field_name", "reference");

    private SecretRequests() {
    }

    public static Parsed<CreateSecretRequest> create(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields fields = JsonFields.body(body, violations);
        fields.rejectUnknown(CREATE_FIELDS);
        String name = fields.string("name");
        CreateSecretRequest request = new CreateSecretRequest(
                name == null ? null : Names.canonical(name),
                fields.string("description"),
                fields.string("secret_type"),
                fields.string("auth_method"),
                credentials(fields),
                fields.string("vault_connection_id"),
                fieldMappings(fields));
        return new Parsed<>(request, violations);
    }

    private static final Set<String> UPDATE_FIELDS = Set.of("name", "description", "secret_type", "auth_method",
            "credentials", "field_mappings", "vault_connection_id");

    public static Parsed<UpdateSecretRequest> update(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields fields = JsonFields.body(body, violations);
        fields.rejectUnknown(UPDATE_FIELDS);
        String name = fields.string("name");
        // Only a description can be cleared; null anywhere else would read as "absent" and silently keep the value.
        for (String kept : List.of("name", "secret_type", "auth_method", "credentials", "field_mappings")) {
            if (body.has(kept) && body.get(kept).isNull()) {
                violations.add(Violation.body("cannot be null; omit it to keep the current value",
                        kept.equals("credentials") ? "dict_type" : kept.equals("field_mappings") ? "list_type"
                                : "string_type", kept));
            }
        }
        UpdateSecretRequest request = new UpdateSecretRequest(
                name == null ? null : Names.canonical(name),
                body.has("description"),
                fields.string("description"),
                fields.string("secret_type"),
                fields.string("auth_method"),
                credentials(fields),
                fieldMappings(fields),
                body.has("vault_connection_id"));
        return new Parsed<>(request, violations);
    }

    /** The string-valued credential entries; other JSON types are reported, never echoed. */
    static Map<String, String> credentials(JsonFields fields) {
        ObjectNode node = fields.object("credentials");
        if (node == null) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getValue().isTextual()) {
                values.put(entry.getKey(), entry.getValue().textValue());
            } else {
                fields.violations().add(new Violation(fields.at("credentials", entry.getKey()),
                        "must be a string", "string_type"));
                values.put(entry.getKey(), null);
            }
        }
        return values;
    }

    static List<FieldMapping> fieldMappings(JsonFields fields) {
        ArrayNode array = fields.array("field_mappings");
        if (array == null) {
            return null;
        }
        List<FieldMapping> mappings = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                fields.violations().add(new Violation(fields.at("field_mappings", i),
                        "must be an object {field_name, reference}", "dict_type"));
                continue;
            }
            JsonFields mapping = new JsonFields((ObjectNode) item, fields.at("field_mappings", i), fields.violations());
            mapping.rejectUnknown(MAPPING_FIELDS);
            String fieldName = mapping.string("field_name");
            String reference = mapping.string("reference");
            mappings.add(new FieldMapping(fieldName == null ? null : fieldName.strip(),
                    reference == null ? null : reference.strip()));
        }
        return mappings;
    }

    private static final Set<String> ROLLBACK_FIELDS = Set.of("version");

    /** A rollback body: {@code {"version": n}}, n a whole number of at least 1. */
    public static Parsed<Long> rollback(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields.body(body, violations).rejectUnknown(ROLLBACK_FIELDS);
        com.fasterxml.jackson.databind.JsonNode version = body.get("version");
        Long number = null;
        if (version == null || version.isNull()) {
            violations.add(Violation.body("required: the version to make current again", "missing", "version"));
        } else if (!version.canConvertToLong() || !version.isIntegralNumber() || version.longValue() < 1) {
            violations.add(Violation.body("must be a whole number of at least 1", "int_parsing", "version"));
        } else {
            number = version.longValue();
        }
        return new Parsed<>(number, violations);
    }

    /** The versions list's parameters: page and limit (always newest first). */
    public static PageRequest versionsPaging(java.util.Map<String, String> params) {
        List<Violation> violations = new ArrayList<>();
        java.util.Map<String, String> query = params == null ? java.util.Map.of() : params;
        for (String name : query.keySet()) {
            if (!name.equals("page") && !name.equals("limit")) {
                violations.add(PageRequest.at(name, "unknown query parameter; expected one of [limit, page]",
                        "extra_forbidden"));
            }
        }
        java.util.Map<String, String> paging = new java.util.HashMap<>();
        if (query.containsKey("page")) {
            paging.put("page", query.get("page"));
        }
        if (query.containsKey("limit")) {
            paging.put("limit", query.get("limit"));
        }
        PageRequest page = PageRequest.parse(paging, Set.of(), violations);
        if (!violations.isEmpty()) {
            throw io.dataraven.secrets.common.InvalidInputException.of(violations);
        }
        return page;
    }
}
