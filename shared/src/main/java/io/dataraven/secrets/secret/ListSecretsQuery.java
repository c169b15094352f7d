package io.dataraven.secrets.secret;

import java.time.Duration;
import java.time.Instant;

import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.PageRequest;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.credential.SecretType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The list-secrets parameters: the common paging ones ({@link PageRequest}) plus a {@code secret_type} filter. */
public record ListSecretsQuery(PageRequest paging, SecretType secretType, Integer expiringWithinDays) {

    /** Far enough for any credential's lifetime; past it the filter would mean "has an expiry". */
    static final int MAX_EXPIRING_WITHIN_DAYS = 3650;

    public ListSecretsQuery(PageRequest paging, SecretType secretType) {
        this(paging, secretType, null);
    }

    public static final int DEFAULT_LIMIT = PageRequest.DEFAULT_LIMIT;

    public static ListSecretsQuery parse(Map<String, String> params) {
        Map<String, String> query = params == null ? Map.of() : params;
        List<Violation> violations = new ArrayList<>();
        PageRequest paging = PageRequest.parse(query, Set.of("secret_type", "expiring_within_days"), violations);
        Integer within = null;
        String days = query.get("expiring_within_days");
        if (days != null) {
            if (!days.matches("[0-9]{1,5}") || Integer.parseInt(days) > MAX_EXPIRING_WITHIN_DAYS) {
                violations.add(PageRequest.at("expiring_within_days", "must be a whole number of days from 0 to "
                        + MAX_EXPIRING_WITHIN_DAYS + " (ASCII digits)", "int_parsing"));
            } else {
                within = Integer.parseInt(days);
            }
        }
        SecretType type = null;
        if (query.get("secret_type") != null) {
            type = SecretType.fromWire(query.get("secret_type")).orElse(null);
            if (type == null) {
                violations.add(PageRequest.at("secret_type", "must be one of "
                        + Arrays.stream(SecretType.values()).map(SecretType::wire).toList(), "enum"));
            }
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        return new ListSecretsQuery(paging, type, within);
    }

    public PageRequest.Page<Secret> apply(List<Secret> all) {
        return apply(all, Instant.now());
    }

    /**
     * The filters, then the page. {@code expiring_within_days}: secrets whose credentials say they stop working
     * before {@code now} plus that many days (already expired ones included); secrets without a known expiry never.
     */
    public PageRequest.Page<Secret> apply(List<Secret> all, Instant now) {
        Instant horizon = expiringWithinDays == null ? null : now.plus(Duration.ofDays(expiringWithinDays));
        List<Secret> ofType = all.stream()
                .filter(s -> secretType == null || s.secretType() == secretType)
                .filter(s -> horizon == null || (s.expiresAt() != null && s.expiresAt().isBefore(horizon)))
                .toList();
        return paging.apply(ofType, Secret::normalizedName, Secret::createdAt, Secret::updatedAt, Secret::id);
    }
}
