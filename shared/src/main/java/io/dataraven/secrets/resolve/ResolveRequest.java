package io.dataraven.secrets.resolve;

import io.dataraven.secrets.common.Ids;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The resolve input {@code {"team_id", "secret_id"}}, read as strictly as an HTTP body: both fields, nothing else,
 * each id a string in the canonical lower-case form we write ({@code UUID.fromString} would take {@code 1-1-1-1-1},
 * and a caller spelling an id its own way is a caller that built it wrongly).
 */
public record ResolveRequest(UUID teamId, UUID secretId) {

    private static final List<String> FIELDS = List.of("team_id", "secret_id");

    /** The request, or null with every problem of the input added to {@code problems}. */
    public static ResolveRequest parse(Map<String, ?> input, List<String> problems) {
        if (input == null) {
            problems.add("send {\"team_id\", \"secret_id\"}");
            return null;
        }
        TreeSet<String> unknown = new TreeSet<>(input.keySet());
        FIELDS.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            problems.add("unknown field" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + "; expected only " + String.join(" and ", FIELDS));
        }
        UUID team = id(input, "team_id", problems);
        UUID secret = id(input, "secret_id", problems);
        return problems.isEmpty() ? new ResolveRequest(team, secret) : null;
    }

    private static UUID id(Map<String, ?> input, String field, List<String> problems) {
        Object value = input.get(field);
        UUID id = value instanceof String text ? Ids.parseExact(text) : null;
        if (id == null) {
            problems.add(field + (value == null ? " is required" : " must be a UUID in canonical lower-case form "
                    + "(8-4-4-4-12 hex digits)"));
        }
        return id;
    }
}
