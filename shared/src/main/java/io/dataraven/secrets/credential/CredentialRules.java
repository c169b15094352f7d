package io.dataraven.secrets.credential;

import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.Violation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a credential set against the schema table: exactly the auth method's fields, each a non-empty string
 * within its cap that passes its provider check, and the whole set small enough for one SSM parameter.
 * Every problem is reported; none quotes a value.
 */
public final class CredentialRules {

    /** SSM's Standard tier holds at most 4 KB per parameter; Advanced costs per parameter, so we stay Standard. */
    public static final int MAX_SERIALIZED_BYTES = 4096;

    private CredentialRules() {
    }

    /** @param credentials field -> value; a null value marks a field already reported as a wrong JSON type */
    public static void check(AuthMethod method, Map<String, String> credentials, List<Violation> out) {
        int before = out.size();
        for (CredentialField field : method.fields()) {
            if (!credentials.containsKey(field.name())) {
                out.add(Violation.body("required for auth_method " + method.wire(), "missing",
                        "credentials", field.name()));
            }
        }
        for (Map.Entry<String, String> entry : credentials.entrySet()) {
            Optional<CredentialField> field = method.field(entry.getKey());
            if (field.isEmpty()) {
                out.add(Violation.body("not a field of auth_method " + method.wire() + "; expected "
                        + fieldNames(method), "extra_forbidden", "credentials", entry.getKey()));
                continue;
            }
            String value = entry.getValue();
            if (value == null) {
                continue;
            }
            FieldKind kind = field.get().kind();
            if (value.isBlank()) {
                out.add(Violation.body("must not be empty", "string_too_short", "credentials", entry.getKey()));
            } else if (value.length() > kind.maxLength()) {
                out.add(Violation.body("must be at most " + kind.maxLength() + " characters", "string_too_long",
                        "credentials", entry.getKey()));
            } else {
                kind.problem(value).ifPresent(problem ->
                        out.add(Violation.body(problem, "value_error", "credentials", entry.getKey())));
            }
        }
        if (out.size() == before) {
            int size = serializedSize(credentials);
            if (size > MAX_SERIALIZED_BYTES) {
                out.add(Violation.body("the credentials take " + size + " bytes as stored, but one SSM parameter "
                        + "holds at most " + MAX_SERIALIZED_BYTES + " bytes", "value_error", "credentials"));
            }
        }
    }

    public static List<String> fieldNames(AuthMethod method) {
        return method.fields().stream().map(CredentialField::name).toList();
    }

    static int serializedSize(Map<String, String> credentials) {
        return Json.stringMap(credentials).getBytes(StandardCharsets.UTF_8).length;
    }
}
