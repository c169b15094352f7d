package io.dataraven.secrets.vault;

import io.dataraven.secrets.common.LimitExceededException;
import io.dataraven.secrets.common.ConflictException;
import io.dataraven.secrets.common.WriteNotCompletedException;
import io.dataraven.secrets.common.NotFoundException;
import io.dataraven.secrets.common.InvalidInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.audit.Auditor;
import io.dataraven.secrets.common.BeanValidation;
import io.dataraven.secrets.common.Names;
import io.dataraven.secrets.common.PageRequest;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Operation;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.credential.CredentialWrites;
import io.dataraven.secrets.credential.WriteFailedException;
import io.dataraven.secrets.idempotency.Idempotency;
import io.dataraven.secrets.idempotency.IdempotencyRecord;
import io.dataraven.secrets.idempotency.IdempotencyRecords;
import io.dataraven.secrets.common.Parsed;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultProviderException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The vault-connections rules (spec §4). A connection's token or client credentials go to the credential store
 * (SSM SecureString under the team's path), never to the metadata, a response or a log line.
 */
public final class VaultConnectionService {


    private final VaultConnectionRepository connections;
    private final CredentialStore credentialStore;
    private final CredentialPaths paths;
    private final CredentialWrites writes;
    private final Supplier<BeanValidation> beans;
    private final Supplier<VaultProviders> providers;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Auditor auditor;
    private final Idempotency idempotency;

    public VaultConnectionService(VaultConnectionRepository connections, CredentialStore credentialStore,
                                  CredentialPaths paths, Supplier<BeanValidation> beans, Supplier<VaultProviders> providers,
                                  Clock clock, Supplier<UUID> ids, Auditor auditor) {
        this(connections, credentialStore, paths, beans, providers, clock, ids, auditor, IdempotencyRecords.NONE);
    }

    public VaultConnectionService(VaultConnectionRepository connections, CredentialStore credentialStore,
                                  CredentialPaths paths, Supplier<BeanValidation> beans, Supplier<VaultProviders> providers,
                                  Clock clock, Supplier<UUID> ids, Auditor auditor, IdempotencyRecords records) {
        this.idempotency = new Idempotency(records, clock);
        this.auditor = auditor;
        this.connections = connections;
        this.credentialStore = credentialStore;
        this.paths = paths;
        this.writes = new CredentialWrites(credentialStore);
        this.beans = beans;
        this.providers = providers;
        this.clock = clock;
        this.ids = ids;
    }

    public VaultConnection create(Principal principal, UUID teamId, Parsed<VaultConnectionRequest> parsed) {
        return create(principal, teamId, () -> parsed);
    }

    /** As above, the body read only once the caller's role allows the operation. */
    public VaultConnection create(Principal principal, UUID teamId, Supplier<Parsed<VaultConnectionRequest>> body) {
        return create(principal, teamId, Idempotency.Request.NONE, body).resource();
    }

    /** As above, under the request's {@code Idempotency-Key} if it sent one (see {@link Idempotency}). */
    public Idempotency.Outcome<VaultConnection> create(Principal principal, UUID teamId,
                                                       Idempotency.Request idempotent,
                                                       Supplier<Parsed<VaultConnectionRequest>> body) {
        principal.require(teamId, Operation.CREATE_VAULT_CONNECTION);
        Optional<Idempotency.Claim> claim = idempotency.claim(principal, teamId, "create_vault_connection", null,
                idempotent);
        Parsed<VaultConnectionRequest> parsed = body.get();
        VaultConnectionRequest r = parsed.request();
        List<Violation> violations = new ArrayList<>(parsed.violations());
        Names.check(r.name(), violations);
        violations.addAll(beans.get().validate(r));
        VaultType type = null;
        if (r.vaultType() != null) {
            type = VaultType.fromWire(r.vaultType()).orElse(null);
            if (type == null) {
                violations.add(Violation.body("must be one of " + Arrays.stream(VaultType.values())
                        .map(VaultType::wire).toList(), "enum", "vault_type"));
            }
        }
        if (type != null) {
            checkFieldsOfType(type, r.fields(), violations);
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        VaultType valid = type;
        return idempotency.run(claim, false, c -> create(principal, teamId, r, valid, c), VaultConnection::id,
                VaultConnectionJson::of, pending -> idempotency.takeOver(pending,
                        connections.findVaultConnection(teamId, pending.resourceId()), VaultConnection::pending,
                        (c, record) -> connections.deleteVaultConnection(c, null, record)));
    }

    private VaultConnection create(Principal principal, UUID teamId, VaultConnectionRequest r, VaultType type,
                                   Idempotency.Claim claim) {
        UUID id = ids.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> settings = new LinkedHashMap<>();
        for (VaultField field : type.settingFields()) {
            settings.put(field.name(), r.fields().getOrDefault(field.name(), field.defaultValue()));
        }
        String path = paths.vaultConnection(teamId, id);
        VaultConnection connection = new VaultConnection(id, teamId, r.name(), r.description(), type,
                new VaultSettings(settings), now,
                principal.subject(), now, principal.subject(), null, path);
        VaultConnection pending = connection.asPending();
        long version;
        // The event rides on the activation: the reservation alone is no created connection.
        AuditEvent event = audit(principal, "vault_connection_created", connection, connection.updatedAt());
        // The key's record: pending with the reservation, complete with the activation, removed with an abandon.
        IdempotencyRecord reserved = Idempotency.pending(claim, id);
        try {
            version = writes.create(path, token(type, r.fields()),
                    new CredentialWrites.Reservation(
                            () -> connections.createVaultConnection(pending, null, reserved),
                            v -> connections.updateVaultConnection(pending, connection.activated(v), event,
                                    Idempotency.complete(claim, id, VaultConnectionJson.of(connection.activated(v)))),
                            () -> connections.deleteVaultConnection(pending, null, reserved),
                            () -> connections.findVaultConnection(teamId, id).map(c -> !c.pending()).orElse(false)),
                    e -> takeOverAbandoned(teamId, e));
        } catch (RuntimeException e) {
            throw map(e, connection, "The connection's creation");
        }
        return connection.activated(version);
    }

    /** As for secrets: a name held by an abandoned create is taken over (see {@link CredentialWrites#takeOver}). */
    private boolean takeOverAbandoned(UUID teamId, RuntimeException refusal) {
        if (!(refusal instanceof VaultConnectionNameConflictException conflict) || conflict.holder() == null) {
            return false;
        }
        return CredentialWrites.takeOver(connections.findVaultConnection(teamId, conflict.holder()).map(c ->
                        new CredentialWrites.NameHolder(c.name(), c.pending(), c.updatedAt(),
                                () -> connections.deleteVaultConnection(c))),
                clock.instant(), "vault_connection_name_conflict", "vault connection");
    }

    /** The event of a change to {@code c}; {@code version} identifies the change (its {@code updated_at}). */
    private AuditEvent audit(Principal principal, String type, VaultConnection c, Instant version) {
        return auditor.event(principal, type, c.teamId(), "vault_connection", c.id(), c.name(), version);
    }

    public PageRequest.Page<VaultConnection> list(Principal principal, UUID teamId, Map<String, String> query) {
        principal.require(teamId, Operation.LIST_VAULT_CONNECTIONS);
        List<Violation> violations = new ArrayList<>();
        PageRequest paging = PageRequest.parse(query, Set.of("vault_type"), violations);
        VaultType type = query.get("vault_type") == null ? null
                : VaultType.fromWire(query.get("vault_type")).orElse(null);
        if (query.get("vault_type") != null && type == null) {
            violations.add(PageRequest.at("vault_type", "must be one of " + Arrays.stream(VaultType.values())
                    .map(VaultType::wire).toList(), "enum"));
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        List<VaultConnection> all = connections.listVaultConnections(teamId).stream()
                .filter(c -> !c.pending() && (type == null || c.vaultType() == type)).toList();
        return paging.apply(all, VaultConnection::normalizedName, VaultConnection::createdAt,
                VaultConnection::updatedAt, VaultConnection::id);
    }

    public VaultConnection get(Principal principal, UUID teamId, UUID connectionId) {
        principal.require(teamId, Operation.GET_VAULT_CONNECTION);
        return find(teamId, connectionId);
    }

    /** Name and description only; an empty body is a 400, a no-op a 200 that writes nothing (as for secrets). */
    public VaultConnection update(Principal principal, UUID teamId, UUID connectionId,
                                  Parsed<VaultConnectionUpdate> parsed) {
        return update(principal, teamId, connectionId, () -> parsed);
    }

    /** As above, the body read only once the caller's role allows the operation. */
    public VaultConnection update(Principal principal, UUID teamId, UUID connectionId,
                                  Supplier<Parsed<VaultConnectionUpdate>> body) {
        principal.require(teamId, Operation.UPDATE_VAULT_CONNECTION);
        Parsed<VaultConnectionUpdate> parsed = body.get();
        VaultConnectionUpdate u = parsed.request();
        List<Violation> violations = new ArrayList<>(parsed.violations());
        if (violations.isEmpty() && u.name() == null && !u.descriptionSent()) {
            throw InvalidInputException.of("empty_update", "The request changes nothing: send name or description.",
                    Violation.body("send name and/or description", "missing"));
        }
        if (u.name() != null) {
            Names.check(u.name(), violations);
        }
        violations.addAll(beans.get().validate(u));
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        VaultConnection existing = find(teamId, connectionId);
        String name = u.name() == null ? existing.name() : u.name();
        String description = u.descriptionSent() ? u.description() : existing.description();
        if (name.equals(existing.name()) && Objects.equals(description, existing.description())) {
            return existing;
        }
        VaultConnection updated = withMetadata(existing, name, description, principal.subject());
        AuditEvent event = audit(principal, "vault_connection_updated", updated, updated.updatedAt());
        try {
            CredentialWrites.commit(() -> connections.updateVaultConnection(existing, updated, event),
                    () -> stored(updated));
        } catch (RuntimeException e) {
            throw map(e, updated, "The update");
        }
        return updated;
    }

    /**
     * Replaces the token (or Infisical client credentials) in place: from the next resolve on, only the new one is
     * used. The old token should also be revoked at the provider; we cannot do that for the team.
     */
    public VaultConnection rotate(Principal principal, UUID teamId, UUID connectionId,
                                  Parsed<VaultConnectionRotation> parsed) {
        return rotate(principal, teamId, connectionId, () -> parsed);
    }

    /** As above, the body read only once the caller's role allows the operation. */
    public VaultConnection rotate(Principal principal, UUID teamId, UUID connectionId,
                                  Supplier<Parsed<VaultConnectionRotation>> body) {
        return rotate(principal, teamId, connectionId, Idempotency.Request.NONE, body).resource();
    }

    /**
     * As above, under the request's {@code Idempotency-Key} if it sent one. The record rides on the switch; it is
     * also read before the new version is written, so a replay costs SSM nothing.
     */
    public Idempotency.Outcome<VaultConnection> rotate(Principal principal, UUID teamId, UUID connectionId,
                                                       Idempotency.Request idempotent,
                                                       Supplier<Parsed<VaultConnectionRotation>> body) {
        principal.require(teamId, Operation.ROTATE_VAULT_CONNECTION);
        Optional<Idempotency.Claim> claim = idempotency.claim(principal, teamId, "rotate_vault_connection",
                connectionId, idempotent);
        // A rotation's record is never pending: nothing to take over.
        return idempotency.run(claim, true, c -> rotate(principal, teamId, connectionId, body.get(), c),
                VaultConnection::id, VaultConnectionJson::of, pending -> { });
    }

    private VaultConnection rotate(Principal principal, UUID teamId, UUID connectionId,
                                   Parsed<VaultConnectionRotation> parsed, Idempotency.Claim claim) {
        VaultConnection existing = find(teamId, connectionId);
        VaultConnectionRotation r = parsed.request();
        // No bean constraints here: each value is checked by its vault field.
        List<Violation> violations = new ArrayList<>(parsed.violations());
        VaultType type = existing.vaultType();
        Map<String, String> values = new LinkedHashMap<>(r.fields());
        for (String field : values.keySet()) {
            if (type.field(field).filter(VaultField::isToken).isEmpty()) {
                violations.add(Violation.body("not a token field of a " + type.wire() + " connection (send "
                        + String.join(", ", type.tokenFields().stream().map(VaultField::name).toList()) + ")",
                        "extra_forbidden", field));
            }
        }
        for (VaultField field : type.tokenFields()) {
            String value = values.get(field.name());
            if (value == null && !field.keptOnRotate()) {
                violations.add(Violation.body("required to rotate this connection", "missing", field.name()));
            } else if (value != null) {
                checkValue(field, value, violations);
            }
        }
        boolean keepsStored = type.tokenFields().stream().anyMatch(f -> !values.containsKey(f.name()));
        if (keepsStored && violations.isEmpty()) {
            // Fields a rotation may omit keep their stored value (e.g. Infisical's client id).
            Map<String, String> stored = credentialStore.read(existing.credentialPath(), existing.credentialVersion())
                    .map(Credentials::values).orElse(Map.of());
            for (VaultField field : type.tokenFields()) {
                if (!values.containsKey(field.name())) {
                    String kept = stored.get(field.name());
                    if (kept == null) {
                        violations.add(Violation.body("required: the stored value could not be read", "missing",
                                field.name()));
                    }
                    values.put(field.name(), kept);
                }
            }
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        VaultConnection updated = withMetadata(existing, existing.name(), existing.description(), principal.subject());
        Credentials newToken = token(type, values);
        AuditEvent event = audit(principal, "vault_connection_rotated", updated, updated.updatedAt());
        try {
            // A new version, then the switch: a concurrent change makes this a 409 and leaves the old token in force.
            long version = writes.rotate(() -> credentialStore.overwrite(existing.credentialPath(), newToken),
                    v -> connections.updateVaultConnection(existing, updated.activated(v), event,
                            Idempotency.complete(claim, connectionId, VaultConnectionJson.of(updated.activated(v)))),
                    () -> stored(updated));
            return updated.activated(version);
        } catch (RuntimeException e) {
            throw map(e, existing, "The rotation");
        }
    }

    /** The outcome of a connection test: never an error status, so the caller always gets the precise reason. */
    public record TestResult(boolean ok, String message, String reason, boolean retryable, Instant verifiedAt) {
    }

    public TestResult test(Principal principal, UUID teamId, UUID connectionId) {
        principal.require(teamId, Operation.TEST_VAULT_CONNECTION);
        VaultConnection connection = find(teamId, connectionId);
        Credentials token = credentialStore.read(connection.credentialPath(), connection.credentialVersion()).orElse(null);
        if (token == null) {
            return new TestResult(false, "The connection's stored token is missing; rotate it to store a new one.",
                    "token_missing", false, null);
        }
        try {
            providers.get().verify(connection, token);
        } catch (VaultProviderException e) {
            return new TestResult(false, e.getMessage(), e.kind().name().toLowerCase(Locale.ROOT),
                    e.retryable(), null);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AuditEvent event = audit(principal, "vault_connection_tested", connection, now);
        try {
            // As every write: an unanswered one is read back, so a 5xx says truly whether it was recorded.
            CredentialWrites.commit(() -> connections.recordVerified(teamId, connectionId, now, event),
                    () -> connections.findVaultConnection(teamId, connectionId)
                            .map(c -> now.equals(c.lastVerifiedAt())).orElse(false));
        } catch (RuntimeException e) {
            throw map(e, connection, "Recording the test");
        }
        return new TestResult(true, "Authenticated to " + describe(connection) + ".", null, false, now);
    }

    /** Refused (409) while secrets reference it; otherwise the metadata goes, then its token parameter. */
    public void delete(Principal principal, UUID teamId, UUID connectionId) {
        principal.require(teamId, Operation.DELETE_VAULT_CONNECTION);
        VaultConnection existing = find(teamId, connectionId);
        try {
            // After the metadata: deleting the token first would break a connection that turned out to be in use.
            AuditEvent event = audit(principal, "vault_connection_deleted", existing, existing.updatedAt());
            writes.delete(() -> connections.deleteVaultConnection(existing, event),
                    () -> connections.findVaultConnection(teamId, connectionId).isEmpty(), existing.credentialPath());
        } catch (RuntimeException e) {
            throw map(e, existing, "The deletion");
        }
    }

    private VaultConnection find(UUID teamId, UUID connectionId) {
        return connections.findVaultConnection(teamId, connectionId).filter(c -> !c.pending())
                .orElseThrow(() -> notFound(connectionId));
    }

    /** Whether the metadata now holds this write (its version time and author). */
    private boolean stored(VaultConnection written) {
        return connections.findVaultConnection(written.teamId(), written.id())
                .filter(c -> c.updatedAt().equals(written.updatedAt()) && !c.pending()
                        && c.updatedBy().equals(written.updatedBy()))
                .isPresent();
    }

    private VaultConnection withMetadata(VaultConnection c, String name, String description, String by) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!now.isAfter(c.updatedAt())) {
            now = c.updatedAt().plusMillis(1); // updated_at is the version: it must move forward
        }
        return new VaultConnection(c.id(), c.teamId(), name, description, c.vaultType(), c.settings(), c.createdAt(),
                c.createdBy(), now, by, c.lastVerifiedAt(), c.credentialPath(), c.credentialVersion(), false);
    }

    private static String describe(VaultConnection c) {
        return c.vaultType().describe(c.settings());
    }

    /** The stored token: the type's token fields, from the request's values. */
    private static Credentials token(VaultType type, Map<String, String> given) {
        Map<String, String> token = new LinkedHashMap<>();
        type.tokenFields().forEach(field -> token.put(field.name(), given.get(field.name())));
        return new Credentials(token);
    }

    /** Every field of the type present (unless optional) and fitting its shape; no field of another type. */
    private static void checkFieldsOfType(VaultType type, Map<String, String> given, List<Violation> violations) {
        for (VaultField field : type.fields()) {
            String value = given.get(field.name());
            if (value == null) {
                if (field.required()) {
                    violations.add(Violation.body("required for vault_type " + type.wire(), "missing", field.name()));
                }
            } else {
                checkValue(field, value, violations);
            }
        }
        for (String name : given.keySet()) {
            if (type.field(name).isEmpty()) {
                violations.add(Violation.body("not a field of vault_type " + type.wire(), "extra_forbidden", name));
            }
        }
    }

    /** The value against its field's shape; the message names the field, never the value (it may be a token). */
    private static void checkValue(VaultField field, String value, List<Violation> violations) {
        String problem = field.problem(value);
        if (problem != null) {
            violations.add(Violation.body(problem, "value_error", field.name()));
        }
    }

    static NotFoundException notFound(UUID connectionId) {
        return new NotFoundException("vault_connection_not_found",
                "Vault connection " + connectionId + " does not exist in this team.",
                new Violation(List.of("path", "connection_id"), "no such vault connection in this team", "not_found"));
    }

    private static RuntimeException map(RuntimeException e, VaultConnection c, String what) {
        if (e instanceof WriteFailedException failed) {
            return new WriteNotCompletedException(failed.getCause(), failed.mayHaveApplied(), what);
        }
        if (e instanceof VaultConnectionNameConflictException) {
            return new ConflictException("vault_connection_name_conflict",
                    "A vault connection named '" + c.name() + "' already exists in this team.",
                    List.of(Violation.body("already used by another connection of this team (" + Names.COMPARED + ")",
                            "conflict", "name")));
        }
        if (e instanceof TierLimitExceededException limit) {
            return new LimitExceededException("tier_limit_exceeded", "The " + limit.tier().displayName()
                    + " tier allows at most " + limit.limit() + " vault connection" + (limit.limit() == 1 ? "" : "s")
                    + "; delete one or upgrade the plan.");
        }
        if (e instanceof VaultConnectionInUseException inUse) {
            return new ConflictException("vault_connection_in_use", "Vault connection " + c.id() + " is used by "
                    + inUse.secrets() + " secret(s); delete those secrets first (a secret cannot change connection).");
        }
        if (e instanceof VaultConnectionNotFoundException) {
            return notFound(c.id());
        }
        if (e instanceof VaultConnectionModifiedException) {
            return new ConflictException("vault_connection_modified",
                    "The connection was changed by another request meanwhile; read it again and retry.");
        }
        return e;
    }
}
