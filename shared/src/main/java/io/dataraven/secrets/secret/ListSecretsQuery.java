package io.dataraven.secrets.secret;

import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.api.Violation;
import io.dataraven.secrets.credential.SecretType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * List parameters: {@code q} (name contains, case-insensitive), {@code secret_type}, {@code page} (from 1),
 * {@code limit} (1-100, default 50), {@code sort_by} (name|created_at|updated_at, default created_at),
 * {@code sort_order} (asc|desc, default desc: newest first).
 */
public record ListSecretsQuery(String q, SecretType secretType, int page, int limit, String sortBy, boolean ascending) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    private static final Set<String> KNOWN = Set.of("q", "secret_type", "page", "limit", "sort_by", "sort_order");
    private static final List<String> SORT_FIELDS = List.of("name", "created_at", "updated_at");

    public static ListSecretsQuery parse(Map<String, String> params) {
        Map<String, String> query = params == null ? Map.of() : params;
        List<Violation> violations = new ArrayList<>();
        for (String name : query.keySet()) {
            if (!KNOWN.contains(name)) {
                violations.add(at(name, "unknown query parameter; expected one of " + KNOWN.stream().sorted().toList(),
                        "extra_forbidden"));
            }
        }
        String q = query.get("q");
        if (q != null && q.length() > 255) {
            violations.add(at("q", "must be at most 255 characters", "string_too_long"));
        }
        SecretType type = null;
        if (query.get("secret_type") != null) {
            type = SecretType.fromWire(query.get("secret_type")).orElse(null);
            if (type == null) {
                violations.add(at("secret_type", "must be one of "
                        + Arrays.stream(SecretType.values()).map(SecretType::wire).toList(), "enum"));
            }
        }
        int page = integer(query, "page", 1, 1, Integer.MAX_VALUE, violations);
        int limit = integer(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, violations);
        String sortBy = query.getOrDefault("sort_by", "created_at");
        if (!SORT_FIELDS.contains(sortBy)) {
            violations.add(at("sort_by", "must be one of " + SORT_FIELDS, "enum"));
        }
        String order = query.getOrDefault("sort_order", "desc");
        if (!order.equals("asc") && !order.equals("desc")) {
            violations.add(at("sort_order", "must be asc or desc", "enum"));
        }
        if (!violations.isEmpty()) {
            throw ApiException.validation(violations);
        }
        String needle = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        return new ListSecretsQuery(needle, type, page, limit, sortBy, order.equals("asc"));
    }

    /** One page of a team's secrets, filtered and sorted in memory (a team has at most a hundred or so). */
    public SecretPage apply(List<Secret> all) {
        List<Secret> matching = all.stream()
                .filter(s -> q == null || s.normalizedName().contains(q))
                .filter(s -> secretType == null || s.secretType() == secretType)
                .sorted(comparator())
                .toList();
        int total = matching.size();
        int totalPages = (total + limit - 1) / limit;
        long from = (long) (page - 1) * limit;
        List<Secret> data = from >= total ? List.of()
                : matching.subList((int) from, (int) Math.min(total, from + limit));
        return new SecretPage(data, page, limit, total, totalPages);
    }

    private Comparator<Secret> comparator() {
        Comparator<Secret> by = switch (sortBy) {
            case "name" -> Comparator.comparing(Secret::normalizedName);
            case "updated_at" -> Comparator.comparing(Secret::updatedAt);
            default -> Comparator.comparing(Secret::createdAt);
        };
        if (!ascending) {
            by = by.reversed();
        }
        // A stable tie-break keeps pages from overlapping when sort keys are equal.
        return by.thenComparing(s -> s.id().toString());
    }

    private static int integer(Map<String, String> query, String name, int fallback, int min, int max,
                               List<Violation> violations) {
        String raw = query.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                violations.add(at(name, max == Integer.MAX_VALUE ? "must be at least " + min
                        : "must be between " + min + " and " + max, "value_error"));
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            violations.add(at(name, "must be an integer", "int_parsing"));
            return fallback;
        }
    }

    private static Violation at(String name, String msg, String type) {
        return new Violation(List.of("query", name), msg, type);
    }

    /** A page of results with the pagination block the API documents. */
    public record SecretPage(List<Secret> data, int page, int limit, int total, int totalPages) {
    }
}
