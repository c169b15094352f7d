package io.dataraven.secrets.secret;

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
public record ListSecretsQuery(PageRequest paging, SecretType secretType) {

    public static final int DEFAULT_LIMIT = PageRequest.DEFAULT_LIMIT;

    public static ListSecretsQuery parse(Map<String, String> params) {
        Map<String, String> query = params == null ? Map.of() : params;
        List<Violation> violations = new ArrayList<>();
        PageRequest paging = PageRequest.parse(query, Set.of("secret_type"), violations);
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
        return new ListSecretsQuery(paging, type);
    }

    public PageRequest.Page<Secret> apply(List<Secret> all) {
        List<Secret> ofType = secretType == null ? all
                : all.stream().filter(s -> s.secretType() == secretType).toList();
        return paging.apply(ofType, Secret::normalizedName, Secret::createdAt, Secret::updatedAt, Secret::id);
    }
}
