package io.dataraven.secrets.common;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The list parameters every collection shares: {@code q} (name contains, compared by {@link Names#key}), {@code page} (from 1),
 * {@code limit} (1-100, default 50), {@code sort_by} (name|created_at|updated_at, default created_at) and
 * {@code sort_order} (asc|desc, default desc). Collections are small (a team's plan caps them), so filtering,
 * sorting and paging happen in memory after one query.
 */
public record PageRequest(String q, int page, int limit, String sortBy, boolean ascending) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    private static final Set<String> COMMON = Set.of("q", "page", "limit", "sort_by", "sort_order");
    private static final List<String> SORT_FIELDS = List.of("name", "created_at", "updated_at");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** A page of items with the pagination block the API documents. */
    public record Page<T>(List<T> data, int page, int limit, int total, int totalPages) {

        public ObjectNode toJson(Function<T, ObjectNode> item) {
            ObjectNode json = Json.object();
            var array = json.putArray("data");
            data.forEach(element -> array.add(item.apply(element)));
            ObjectNode pagination = json.putObject("pagination");
            pagination.put("page", page);
            pagination.put("limit", limit);
            pagination.put("total", total);
            pagination.put("total_pages", totalPages);
            return json;
        }
    }

    /** Parses the common parameters; problems (and unknown parameters) go to {@code violations}. */
    public static PageRequest parse(Map<String, String> query, Set<String> extraParameters, List<Violation> violations) {
        return parse(query, extraParameters, SORT_FIELDS, violations);
    }

    /**
     * As above, with the collection's own sort fields: {@code name}, {@code created_at} and one more time field
     * (what {@link #apply}'s {@code otherTime} reads).
     */
    public static PageRequest parse(Map<String, String> query, Set<String> extraParameters, List<String> sortFields,
                                    List<Violation> violations) {
        Set<String> known = new TreeSet<>(COMMON);
        known.addAll(extraParameters);
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                violations.add(at(name, "unknown query parameter; expected one of " + known, "extra_forbidden"));
            }
        }
        String q = query.get("q");
        if (q != null && q.codePointCount(0, q.length()) > Names.MAX_LENGTH) {
            violations.add(at("q", "must be at most " + Names.MAX_LENGTH + " characters", "string_too_long"));
        }
        int page = integer(query, "page", 1, 1, Integer.MAX_VALUE, violations);
        int limit = integer(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, violations);
        String sortBy = query.getOrDefault("sort_by", "created_at");
        if (!sortFields.contains(sortBy)) {
            violations.add(at("sort_by", "must be one of " + sortFields, "enum"));
        }
        String order = query.getOrDefault("sort_order", "desc");
        if (!order.equals("asc") && !order.equals("desc")) {
            violations.add(at("sort_order", "must be asc or desc", "enum"));
        }
        // Folded as names are for uniqueness: q=STRASSE finds "Straße", q=ｐｒｏｄ finds "prod".
        String needle = q == null || Names.canonical(q).isEmpty() ? null : Names.key(q);
        return new PageRequest(needle, page, limit, sortBy, order.equals("asc"));
    }

    /** An item with its sort key and id string. */
    private record Keyed<T>(T item, Comparable<?> key, String id) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        int compareKeys(Keyed<T> other) {
            return ((Comparable) key).compareTo(other.key);
        }
    }

    /**
     * Filters by {@code q} on the normalized name, sorts with a stable id tie-break (so pages never overlap) and
     * cuts the requested page.
     *
     * @param otherTime the third sort field's time ({@code updated_at}, or the collection's own third field)
     */
    public <T> Page<T> apply(List<T> items, Function<T, String> normalizedName, Function<T, Instant> createdAt,
                             Function<T, Instant> otherTime, Function<T, ?> id) {
        // Each item's sort key and id computed once, not per comparison: a name's key is a Unicode normalization.
        List<Keyed<T>> matching = new ArrayList<>();
        for (T item : items) {
            String name = q != null || sortBy.equals("name") ? normalizedName.apply(item) : null;
            if (q == null || name.contains(q)) {
                Comparable<?> key = switch (sortBy) {
                    case "name" -> name;
                    case "created_at" -> createdAt.apply(item);
                    default -> otherTime.apply(item);
                };
                matching.add(new Keyed<>(item, key, id.apply(item).toString()));
            }
        }
        Comparator<Keyed<T>> by = Keyed::compareKeys;
        if (!ascending) {
            by = by.reversed();
        }
        matching.sort(by.thenComparing(Keyed::id));
        int total = matching.size();
        int totalPages = (total + limit - 1) / limit;
        long from = (long) (page - 1) * limit;
        List<T> data = from >= total ? List.of() : matching.subList((int) from, (int) Math.min(total, from + limit))
                .stream().map(Keyed::item).toList();
        return new Page<>(data, page, limit, total, totalPages);
    }

    public static Violation at(String name, String msg, String type) {
        return new Violation(List.of("query", name), msg, type);
    }

    /** ASCII digits only: Integer.parseInt also takes a sign, other scripts' digits (٥) and, stripped, spaces. */
    private static int integer(Map<String, String> query, String name, int fallback, int min, int max,
                               List<Violation> violations) {
        String raw = query.get(name);
        if (raw == null) {
            return fallback;
        }
        if (!DIGITS.matcher(raw).matches()) {
            violations.add(at(name, "must be a whole number in ASCII digits (0-9)", "int_parsing"));
            return fallback;
        }
        // Past 18 digits it cannot be in range; below that it fits a long.
        long value = raw.length() > 18 ? Long.MAX_VALUE : Long.parseLong(raw);
        if (value < min || value > max) {
            violations.add(at(name, max == Integer.MAX_VALUE ? "must be at least " + min + " and at most " + max
                    : "must be between " + min + " and " + max, "value_error"));
            return fallback;
        }
        return (int) value;
    }
}
