package io.dataraven.secrets.secret;

import io.dataraven.secrets.credential.CredentialValidity;
import java.time.Clock;

import io.dataraven.secrets.common.NotFoundException;
import io.dataraven.secrets.common.InvalidInputException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import io.dataraven.secrets.common.Parsed;
import io.dataraven.secrets.common.BeanValidation;
import io.dataraven.secrets.common.Ids;
import io.dataraven.secrets.common.Names;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.CredentialField;
import io.dataraven.secrets.credential.CredentialRules;
import io.dataraven.secrets.credential.SecretType;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionRepository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The create rules across fields: enums and their pairing, exactly one storage mode, the credential schema,
 * and field mappings against the vault connection's type. Collects everything, then fails once.
 */
public final class SecretValidator {

    private final Supplier<BeanValidation> beans;
    private final VaultConnectionRepository connections;
    /** What "already expired" is measured against (a SAS URL's se=). */
    private final Clock clock;

    public SecretValidator(BeanValidation beans, VaultConnectionRepository connections) {
        this(() -> beans, connections, Clock.systemUTC());
    }

    /** With the validator factory built on first use: functions that never validate a body never build it. */
    public SecretValidator(Supplier<BeanValidation> beans, VaultConnectionRepository connections, Clock clock) {
        this.beans = beans;
        this.connections = connections;
        this.clock = clock;
    }

    /** A create request that passed every rule. Exactly one of credentials / connection is set. */
    public record ValidCreate(String name, String description, SecretType secretType, AuthMethod authMethod,
                              Map<String, String> credentials, VaultConnection connection,
                              Map<String, String> fieldMappings) {
        @Override
        public String toString() {
            return "ValidCreate[name=" + name + ", authMethod=" + authMethod + "]";
        }
    }

    public ValidCreate validateCreate(UUID teamId, Parsed<CreateSecretRequest> parsed) {
        CreateSecretRequest request = parsed.request();
        List<Violation> violations = new ArrayList<>(parsed.violations());
        Names.check(request.name(), violations);
        violations.addAll(beans.get().validate(request));

        SecretType type = enumValue(request.secretType(), "secret_type", SecretType::fromWire,
                Arrays.stream(SecretType.values()).map(SecretType::wire).toList(), violations);
        AuthMethod method = enumValue(request.authMethod(), "auth_method", AuthMethod::fromWire,
                Arrays.stream(AuthMethod.values()).map(AuthMethod::wire).toList(), violations);
        if (type != null && method != null && !method.fits(type)) {
            violations.add(Violation.body("auth_method " + method.wire() + " is not valid for secret_type "
                    + type.wire() + "; use " + AuthMethod.forType(type).stream().map(AuthMethod::wire).toList(),
                    "value_error", "auth_method"));
        }

        boolean direct = request.credentials() != null;
        boolean external = request.vaultConnectionId() != null || request.fieldMappings() != null;
        VaultConnection connection = null;
        UUID connectionId = null;
        if (direct && external) {
            violations.add(Violation.body("send either credentials, or vault_connection_id with field_mappings, "
                    + "not both", "value_error"));
        } else if (!direct && !external) {
            violations.add(Violation.body("send credentials (stored by us), or vault_connection_id with "
                    + "field_mappings (references into your vault)", "missing"));
        } else if (direct) {
            if (method != null) {
                CredentialRules.check(method, request.credentials(), violations);
                CredentialValidity.check(method, request.credentials(), clock.instant(), violations);
            }
        } else {
            if (request.vaultConnectionId() == null) {
                violations.add(Violation.body("required with field_mappings", "missing", "vault_connection_id"));
            } else {
                connectionId = Ids.parseUuid(request.vaultConnectionId());
                if (connectionId == null) {
                    violations.add(Violation.body("must be a UUID", "uuid_parsing", "vault_connection_id"));
                }
            }
            if (request.fieldMappings() == null) {
                violations.add(Violation.body("required with vault_connection_id", "missing", "field_mappings"));
            }
            if (connectionId != null) {
                connection = connections.findVaultConnection(teamId, connectionId).filter(c -> !c.pending()).orElse(null);
            }
            if (method != null && request.fieldMappings() != null) {
                checkMappings(method, request.fieldMappings(), connection, violations);
            }
        }

        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        if (external && connection == null) {
            throw vaultConnectionNotFound(connectionId);
        }
        return new ValidCreate(request.name(), request.description(), type, method,
                direct ? request.credentials() : null, connection,
                external ? mappingsByField(request.fieldMappings()) : null);
    }

    /**
     * What an update changes, after every rule of spec §2.4 passed: the effective type and method, and the new
     * credentials or mappings when sent. {@code changed} is false for a request that would change nothing.
     */
    public record ValidUpdate(Secret updated, Map<String, String> credentials, boolean changed) {
        @Override
        public String toString() {
            return "ValidUpdate[" + updated.id() + ", changed=" + changed + "]";
        }
    }

    public ValidUpdate validateUpdate(Secret existing, Parsed<UpdateSecretRequest> parsed) {
        UpdateSecretRequest request = parsed.request();
        List<Violation> violations = new ArrayList<>(parsed.violations());
        if (request.empty() && violations.isEmpty()) {
            throw InvalidInputException.of("empty_update", "The request changes nothing: send at least one field.",
                    Violation.body("send at least one of name, description, secret_type, auth_method, credentials, "
                            + "field_mappings", "missing"));
        }
        if (request.name() != null) {
            Names.check(request.name(), violations);
        }
        violations.addAll(beans.get().validate(request));
        if (request.vaultConnectionIdSent()) {
            violations.add(Violation.body("is immutable: a secret cannot move to another vault connection; create a "
                    + "new secret instead", "immutable", "vault_connection_id"));
        }
        SecretType type = request.secretType() == null ? existing.secretType()
                : enumValue(request.secretType(), "secret_type", SecretType::fromWire,
                Arrays.stream(SecretType.values()).map(SecretType::wire).toList(), violations);
        AuthMethod method = request.authMethod() == null ? existing.authMethod()
                : enumValue(request.authMethod(), "auth_method", AuthMethod::fromWire,
                Arrays.stream(AuthMethod.values()).map(AuthMethod::wire).toList(), violations);
        if (type != null && method != null && !method.fits(type)) {
            violations.add(Violation.body("auth_method " + method.wire() + " is not valid for secret_type "
                    + type.wire() + "; use " + AuthMethod.forType(type).stream().map(AuthMethod::wire).toList()
                    + (request.authMethod() == null ? " (send auth_method with the new secret_type)" : ""),
                    "value_error", "auth_method"));
        }
        boolean methodChanges = method != null && method != existing.authMethod();
        if (request.credentials() != null && request.fieldMappings() != null) {
            violations.add(Violation.body("send credentials or field_mappings, not both", "value_error"));
        } else if (existing.external()) {
            if (request.credentials() != null) {
                violations.add(Violation.body("this secret's values live in the team's vault; change them there, or "
                        + "send field_mappings to point at other references", "value_error", "credentials"));
            }
            if (methodChanges && request.fieldMappings() == null) {
                violations.add(Violation.body("required when auth_method changes: map the new method's fields",
                        "missing", "field_mappings"));
            }
            if (request.fieldMappings() != null && method != null) {
                VaultConnection connection = connections.findVaultConnection(existing.teamId(),
                        existing.vaultConnectionId()).orElse(null);
                checkMappings(method, request.fieldMappings(), connection, violations);
            }
        } else {
            if (request.fieldMappings() != null) {
                violations.add(Violation.body("this secret stores its credentials with us; send credentials instead",
                        "value_error", "field_mappings"));
            }
            if (methodChanges && request.credentials() == null) {
                violations.add(Violation.body("required when secret_type or auth_method changes: the stored fields "
                        + "belong to " + existing.authMethod().wire(), "missing", "credentials"));
            }
            if (request.credentials() != null && method != null) {
                CredentialRules.check(method, request.credentials(), violations);
                CredentialValidity.check(method, request.credentials(), clock.instant(), violations);
            }
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        String name = request.name() == null ? existing.name() : request.name();
        String description = request.descriptionSent() ? request.description() : existing.description();
        Map<String, String> mappings = existing.external() && request.fieldMappings() != null
                ? mappingsByField(request.fieldMappings()) : existing.fieldMappings();
        Secret updated = new Secret(existing.id(), existing.teamId(), name, description, type, method,
                existing.createdAt(), existing.createdBy(), existing.updatedAt(), existing.updatedBy(),
                existing.credentialPath(), existing.vaultConnectionId(), existing.vaultType(), mappings);
        boolean changed = request.credentials() != null || !name.equals(existing.name())
                || !Objects.equals(description, existing.description()) || type != existing.secretType()
                || method != existing.authMethod() || !Objects.equals(mappings, existing.fieldMappings());
        return new ValidUpdate(updated, request.credentials(), changed);
    }

    static NotFoundException vaultConnectionNotFound(UUID connectionId) {
        return new NotFoundException("vault_connection_not_found",
                "Vault connection " + connectionId + " does not exist in this team.",
                Violation.body("no such vault connection in this team", "not_found", "vault_connection_id"));
    }

    private static void checkMappings(AuthMethod method, List<FieldMapping> mappings, VaultConnection connection,
                                      List<Violation> violations) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < mappings.size(); i++) {
            FieldMapping mapping = mappings.get(i);
            String field = mapping.fieldName();
            if (field != null && !field.isEmpty()) {
                if (method.field(field).isEmpty()) {
                    violations.add(Violation.body("not a field of auth_method " + method.wire() + "; expected "
                            + CredentialRules.fieldNames(method), "extra_forbidden", "field_mappings", i, "field_name"));
                } else if (!seen.add(field)) {
                    violations.add(Violation.body("field " + field + " is mapped more than once", "value_error",
                            "field_mappings", i, "field_name"));
                }
            }
            String reference = mapping.reference();
            if (connection != null && reference != null && !reference.isEmpty()
                    && !connection.vaultType().acceptsReference(reference)) {
                violations.add(Violation.body("must be " + connection.vaultType().referenceDescription(),
                        "value_error", "field_mappings", i, "reference"));
            }
        }
        for (CredentialField required : method.fields()) {
            if (!seen.contains(required.name()) && mappings.stream().noneMatch(m -> required.name().equals(m.fieldName()))) {
                violations.add(Violation.body("field " + required.name() + " of auth_method " + method.wire()
                        + " has no mapping", "missing", "field_mappings"));
            }
        }
    }

    private static Map<String, String> mappingsByField(List<FieldMapping> mappings) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldMapping mapping : mappings) {
            byField.put(mapping.fieldName(), mapping.reference());
        }
        return byField;
    }

    private static <E> E enumValue(String value, String field, Function<String, Optional<E>> parse,
                                   List<String> allowed, List<Violation> violations) {
        if (value == null) {
            return null; // NotNull reports it
        }
        Optional<E> parsed = parse.apply(value);
        if (parsed.isEmpty()) {
            violations.add(Violation.body("must be one of " + allowed, "enum", field));
            return null;
        }
        return parsed.get();
    }
}
