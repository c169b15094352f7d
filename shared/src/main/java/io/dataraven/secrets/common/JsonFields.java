package io.dataraven.secrets.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads typed fields from a JSON object, collecting every type problem instead of stopping at the first, so
 * the caller gets them all in one 400. Absent and null both read as null.
 */
public final class JsonFields {

    private final ObjectNode node;
    private final List<Object> location;
    private final List<Violation> violations;

    public JsonFields(ObjectNode node, List<Object> location, List<Violation> violations) {
        this.node = node;
        this.location = List.copyOf(location);
        this.violations = violations;
    }

    public static JsonFields body(ObjectNode node, List<Violation> violations) {
        return new JsonFields(node, List.of("body"), violations);
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    public String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            violations.add(new Violation(at(field), "must be a string", "string_type"));
            return null;
        }
        return value.textValue();
    }

    public ObjectNode object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            violations.add(new Violation(at(field), "must be a JSON object", "dict_type"));
            return null;
        }
        return (ObjectNode) value;
    }

    public ArrayNode array(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            violations.add(new Violation(at(field), "must be a JSON array", "list_type"));
            return null;
        }
        return (ArrayNode) value;
    }

    /** Reports every field not in {@code known}: a typo must not be silently ignored in a secrets API. */
    public void rejectUnknown(Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new Violation(at(name), "unknown field; expected one of " + known.stream().sorted().toList(),
                        "extra_forbidden"));
            }
        }
    }

    public List<Object> at(Object... path) {
        List<Object> loc = new ArrayList<>(location);
        loc.addAll(List.of(path));
        return loc;
    }

    public List<Violation> violations() {
        return violations;
    }
}
