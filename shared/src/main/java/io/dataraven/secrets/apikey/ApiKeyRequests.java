package io.dataraven.secrets.apikey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.auth.Operation;
import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.JsonFields;
import io.dataraven.secrets.common.Names;
import io.dataraven.secrets.common.PageRequest;
import io.dataraven.secrets.common.Parsed;
import io.dataraven.secrets.common.Violation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON bodies and query strings -> API-key requests, every problem collected. */
public final class ApiKeyRequests {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "scopes", "expires_at");
    private static final List<String> SORT_FIELDS = List.of("name", "created_at", "last_used_at");
    /** More than every scope there is: a longer list can only be repeats or junk. */
    private static final int MAX_SCOPES = 50;

    private ApiKeyRequests() {
    }

    public static Parsed<CreateApiKeyRequest> create(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields fields = JsonFields.body(body, violations);
        fields.rejectUnknown(CREATE_FIELDS);
        String name = fields.string("name");
        name = name == null ? null : Names.canonical(name);
        Names.check(name, violations);
        // null is no list of scopes: reported as missing, never a key that can do nothing.
        List<String> scopes = scopes(fields.array("scopes"), body.hasNonNull("scopes"), violations);
        Instant expiresAt = null;
        String expires = fields.string("expires_at");
        if (expires != null) {
            try {
                expiresAt = OffsetDateTime.parse(expires).toInstant();
            } catch (DateTimeParseException e) {
                violations.add(Violation.body("must be an ISO 8601 date-time with an offset, e.g. "
                        + "2027-01-31T00:00:00Z, or null (never expires)", "datetime_parsing", "expires_at"));
            }
        }
        return new Parsed<>(new CreateApiKeyRequest(name, scopes, expiresAt), violations);
    }

    private static List<String> scopes(ArrayNode array, boolean present, List<Violation> violations) {
        if (array == null) {
            if (!present) {
                violations.add(Violation.body("required: the scopes the key grants, e.g. [\"secrets:read\"]",
                        "missing", "scopes"));
            }
            return List.of();
        }
        if (array.isEmpty()) {
            violations.add(Violation.body("must hold at least one scope; one of " + Operation.SCOPES,
                    "too_short", "scopes"));
        }
        if (array.size() > MAX_SCOPES) {
            violations.add(Violation.body("must hold at most " + MAX_SCOPES + " scopes", "too_long", "scopes"));
            return List.of();
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode scope = array.get(i);
            if (!scope.isTextual()) {
                violations.add(Violation.body("must be a string", "string_type", "scopes", i));
            } else if (!Operation.SCOPES.contains(scope.textValue())) {
                // Never echo the value: a pasted secret in the wrong field must not come back in an error.
                violations.add(Violation.body("unknown scope; expected one of " + Operation.SCOPES, "enum",
                        "scopes", i));
            } else {
                scopes.add(scope.textValue());
            }
        }
        return scopes.stream().sorted().toList();
    }

    /** The list parameters: the common ones with sort_by name|created_at|last_used_at, and include_revoked. */
    public record ListQuery(PageRequest paging, boolean includeRevoked) {
    }

    public static ListQuery list(Map<String, String> params) {
        Map<String, String> query = params == null ? Map.of() : params;
        List<Violation> violations = new ArrayList<>();
        PageRequest paging = PageRequest.parse(query, Set.of("include_revoked"), SORT_FIELDS, violations);
        String include = query.getOrDefault("include_revoked", "true");
        if (!include.equals("true") && !include.equals("false")) {
            violations.add(PageRequest.at("include_revoked", "must be true or false", "bool_parsing"));
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        return new ListQuery(paging, !include.equals("false"));
    }
}
