package io.dataraven.secrets.secret;

import io.dataraven.secrets.credential.CredentialValidity;

import io.dataraven.secrets.common.LimitExceededException;
import io.dataraven.secrets.common.ConflictException;
import io.dataraven.secrets.common.WriteNotCompletedException;
import io.dataraven.secrets.common.NotFoundException;
import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.PageRequest;
import io.dataraven.secrets.common.Names;
import io.dataraven.secrets.common.Parsed;
import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.audit.Auditor;
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
import io.dataraven.secrets.store.Refusal;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultConnectionRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The secrets rules. Writes across metadata and credentials follow {@link CredentialWrites}: a create reserves its
 * name and slot invisibly before any SSM call, a rotation writes a new version and then switches the metadata to it,
 * a delete removes the metadata before the parameter. Pending (in-progress) creates are invisible here.
 */
public final class SecretService {

    private final SecretRepository secrets;
    private final CredentialStore credentialStore;
    private final CredentialPaths paths;
    private final CredentialWrites writes;
    private final SecretValidator validator;
    private final VaultConnectionRepository connections;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Auditor auditor;
    private final Idempotency idempotency;

    public SecretService(SecretRepository secrets, VaultConnectionRepository connections,
                         CredentialStore credentialStore, CredentialPaths paths, SecretValidator validator, Clock clock,
                         Supplier<UUID> ids, Auditor auditor) {
        this(secrets, connections, credentialStore, paths, validator, clock, ids, auditor, IdempotencyRecords.NONE);
    }

    public SecretService(SecretRepository secrets, VaultConnectionRepository connections,
                         CredentialStore credentialStore, CredentialPaths paths, SecretValidator validator, Clock clock,
                         Supplier<UUID> ids, Auditor auditor, IdempotencyRecords records) {
        this.idempotency = new Idempotency(records, clock);
        this.auditor = auditor;
        this.connections = connections;
        this.writes = new CredentialWrites(credentialStore);
        this.secrets = secrets;
        this.credentialStore = credentialStore;
        this.paths = paths;
        this.validator = validator;
        this.clock = clock;
        this.ids = ids;
    }

    public Secret create(Principal principal, UUID teamId, Parsed<CreateSecretRequest> request) {
        return create(principal, teamId, () -> request);
    }

    /** As above, the body read only once the caller's role allows the operation. */
    public Secret create(Principal principal, UUID teamId, Supplier<Parsed<CreateSecretRequest>> body) {
        return create(principal, teamId, Idempotency.Request.NONE, body).resource();
    }

    /**
     * As above, under the request's {@code Idempotency-Key} if it sent one (see {@link Idempotency}): a repeat gets
     * the first one's response, replayed.
     */
    public Idempotency.Outcome<Secret> create(Principal principal, UUID teamId, Idempotency.Request idempotent,
                                              Supplier<Parsed<CreateSecretRequest>> body) {
        principal.require(teamId, Operation.CREATE_SECRET);
        Optional<Idempotency.Claim> claim = idempotency.claim(principal, teamId, "create_secret", null, idempotent);
        SecretValidator.ValidCreate valid = validator.validateCreate(teamId, body.get());
        return idempotency.run(claim, false, c -> create(principal, teamId, valid, c), Secret::id,
                SecretJson::summary, pending -> idempotency.takeOver(pending,
                        secrets.findSecret(teamId, pending.resourceId()), Secret::pending,
                        (s, record) -> secrets.deleteSecret(s, null, record)));
    }

    private Secret create(Principal principal, UUID teamId, SecretValidator.ValidCreate valid,
                          Idempotency.Claim claim) {
        UUID id = ids.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean direct = valid.credentials() != null;
        String path = direct ? paths.secret(teamId, id) : null;
        Secret secret = new Secret(id, teamId, valid.name(), valid.description(), valid.secretType(),
                valid.authMethod(), now, principal.subject(), now, principal.subject(), path,
                direct ? null : valid.connection().id(), direct ? null : valid.connection().vaultType(),
                valid.fieldMappings()).withValidity(direct ? CredentialValidity.of(valid.authMethod(),
                valid.credentials()) : null);
        AuditEvent event = audit(principal, "secret_created", secret);
        try {
            return direct ? createDirect(secret, new Credentials(valid.credentials()), event, claim)
                    : createExternal(secret, event, claim);
        } catch (RuntimeException e) {
            throw failure(e, secret, "The secret's creation");
        }
    }

    /** The event rides on the activation: the reservation alone is no created secret. */
    private Secret createDirect(Secret secret, Credentials credentials, AuditEvent event, Idempotency.Claim claim) {
        Secret pending = secret.asPending();
        // The key's record: pending with the reservation, complete with the activation, removed with an abandon.
        IdempotencyRecord reserved = Idempotency.pending(claim, secret.id());
        long version = writes.create(secret.credentialPath(), credentials, new CredentialWrites.Reservation(
                () -> secrets.createSecret(pending, null, reserved),
                v -> secrets.updateSecret(pending, recorded(secret, v), event,
                        Idempotency.complete(claim, secret.id(), SecretJson.summary(secret.activated(v)))),
                () -> secrets.deleteSecret(pending, null, reserved),
                () -> secrets.findSecret(secret.teamId(), secret.id()).map(s -> !s.pending()).orElse(false)),
                e -> takeOverAbandoned(secret.teamId(), e));
        return recorded(secret, version);
    }

    /** One transaction, no credentials to store; an unknown outcome is read back. */
    private Secret createExternal(Secret secret, AuditEvent event, Idempotency.Claim claim) {
        IdempotencyRecord record = Idempotency.complete(claim, secret.id(), SecretJson.summary(secret));
        for (int attempt = 1; ; attempt++) {
            try {
                CredentialWrites.commit(() -> secrets.createSecret(secret, event, record),
                        () -> secrets.findSecret(secret.teamId(), secret.id()).isPresent());
                return secret;
            } catch (RuntimeException e) {
                if (!(attempt == 1 && e instanceof Refusal && takeOverAbandoned(secret.teamId(), e))) {
                    throw e;
                }
            }
        }
    }

    /** A name held by an abandoned create is taken over (see {@link CredentialWrites#takeOver}). */
    private boolean takeOverAbandoned(UUID teamId, RuntimeException refusal) {
        if (!(refusal instanceof SecretNameConflictException conflict) || conflict.holder() == null) {
            return false;
        }
        return CredentialWrites.takeOver(secrets.findSecret(teamId, conflict.holder()).map(s ->
                        new CredentialWrites.NameHolder(s.name(), s.pending(), s.updatedAt(), () -> secrets.deleteSecret(s))),
                clock.instant(), "secret_name_conflict", "secret");
    }

    /** The event of a change to {@code secret}, whose {@code updated_at} identifies the change. */
    private AuditEvent audit(Principal principal, String type, Secret secret) {
        return auditor.event(principal, type, secret.teamId(), "secret", secret.id(), secret.name(),
                secret.updatedAt());
    }

    /** A page of the team's secrets: one repository query, then filter, sort and page in memory. */
    public PageRequest.Page<Secret> list(Principal principal, UUID teamId, ListSecretsQuery query) {
        return list(principal, teamId, () -> query);
    }

    /** As above, the query parsed only once the caller may list. */
    public PageRequest.Page<Secret> list(Principal principal, UUID teamId,
                                                                 Supplier<ListSecretsQuery> parsedQuery) {
        principal.require(teamId, Operation.LIST_SECRETS);
        ListSecretsQuery query = parsedQuery.get();
        return query.apply(secrets.listSecrets(teamId).stream().filter(s -> !s.pending()).toList(), clock.instant());
    }

    public Secret get(Principal principal, UUID teamId, UUID secretId) {
        principal.require(teamId, Operation.GET_SECRET);
        return find(teamId, secretId);
    }

    /** The connection's name for the detail view; null for direct secrets. */
    public String vaultConnectionName(Secret secret) {
        return secret.external()
                ? connections.findVaultConnection(secret.teamId(), secret.vaultConnectionId())
                        .map(VaultConnection::name).orElse(null)
                : null;
    }

    /**
     * Applies a PATCH. New credentials (a rotation, or an auth-method change with its new fields) become a new
     * version of the same parameter, and the metadata switches to that version together with every other change
     * in one conditioned transaction: until it commits the previous credentials stay in force, whole.
     * A request that changes nothing answers 200 with the secret as it is, writing nothing.
     */
    public Secret update(Principal principal, UUID teamId, UUID secretId,
                         Parsed<UpdateSecretRequest> request) {
        return update(principal, teamId, secretId, () -> request);
    }

    /** As above, the body read only once the caller's role allows the operation. */
    public Secret update(Principal principal, UUID teamId, UUID secretId, Supplier<Parsed<UpdateSecretRequest>> body) {
        principal.require(teamId, Operation.UPDATE_SECRET);
        Parsed<UpdateSecretRequest> request = body.get();
        Secret existing = find(teamId, secretId);
        SecretValidator.ValidUpdate valid = validator.validateUpdate(existing, request);
        if (!valid.changed()) {
            return existing;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!now.isAfter(existing.updatedAt())) {
            now = existing.updatedAt().plusMillis(1); // updated_at is the version: it must move forward
        }
        Secret target = valid.updated();
        Secret updated = new Secret(target.id(), teamId, target.name(), target.description(), target.secretType(),
                target.authMethod(), existing.createdAt(), existing.createdBy(), now, principal.subject(),
                existing.credentialPath(), existing.vaultConnectionId(), existing.vaultType(), target.fieldMappings(),
                existing.credentialVersion(), false,
                // New credentials bring their own window; an edit of the metadata keeps the stored one's.
                valid.credentials() != null ? CredentialValidity.of(target.authMethod(), valid.credentials())
                        : existing.validity(), existing.listedVersions(),
                // A verification is of the credentials: an edit of the metadata keeps it, new ones start unverified.
                valid.credentials() == null && target.authMethod() == existing.authMethod()
                        ? existing.verification() : null);
        try {
            if (valid.credentials() == null) {
                AuditEvent event = audit(principal, "secret_updated", updated);
                CredentialWrites.commit(() -> secrets.updateSecret(existing, updated, event), () -> stored(updated));
                return updated;
            }
            Credentials credentials = new Credentials(valid.credentials());
            AuditEvent event = audit(principal, "secret_rotated", updated);
            long version = writes.rotate(() -> credentialStore.overwrite(existing.credentialPath(), credentials),
                    v -> secrets.updateSecret(existing, recorded(updated, v), event),
                    () -> stored(updated));
            return recorded(updated, version);
        } catch (RuntimeException e) {
            throw failure(e, updated, valid.credentials() == null ? "The update" : "The rotation");
        }
    }

    /** The secret at its new credential version, listed with the write's time and author. */
    private static Secret recorded(Secret secret, long version) {
        return secret.recorded(version, secret.updatedAt(), secret.updatedBy());
    }

    /** A page of a secret's credential versions, and which one is current. */
    public record Versions(PageRequest.Page<CredentialVersion> page, Long current) {
    }

    /** A direct secret's credential versions, newest first (Viewer; the values never). One read. */
    public Versions versions(Principal principal, UUID teamId, UUID secretId, Supplier<PageRequest> paging) {
        principal.require(teamId, Operation.LIST_SECRET_VERSIONS);
        PageRequest page = paging.get();
        Secret secret = find(teamId, secretId);
        List<CredentialVersion> newestFirst = secret.listedVersions().stream()
                .sorted(java.util.Comparator.comparingLong(CredentialVersion::version).reversed()).toList();
        int total = newestFirst.size();
        int from = (int) Math.min(total, (long) (page.page() - 1) * page.limit());
        return new Versions(new PageRequest.Page<>(newestFirst.subList(from, Math.min(total, from + page.limit())),
                page.page(), page.limit(), total, (total + page.limit() - 1) / page.limit()),
                secret.credentialVersion());
    }

    /**
     * Makes a listed version current again, with the auth method (and type) it was written with: one conditioned
     * metadata switch, no credential write (the parameter still holds the version: SSM keeps the last 100, and the
     * metadata lists no more).
     */
    public Secret rollback(Principal principal, UUID teamId, UUID secretId, Supplier<Parsed<Long>> body) {
        principal.require(teamId, Operation.ROLLBACK_SECRET);
        Parsed<Long> request = body.get();
        if (!request.violations().isEmpty()) {
            throw InvalidInputException.of(request.violations());
        }
        long wanted = request.request();
        Secret existing = find(teamId, secretId);
        if (existing.external()) {
            throw InvalidInputException.of("validation_error", "This secret's values live in the team's vault; it has "
                    + "no versions here to roll back to.", Violation.body("only direct secrets have versions",
                    "value_error", "version"));
        }
        long newest = existing.listedVersions().stream().mapToLong(CredentialVersion::version).max().orElse(0);
        CredentialVersion target = existing.version(wanted).filter(v -> v.version() > newest - Secret.KEPT_VERSIONS)
                .orElseThrow(() -> new NotFoundException(
                "secret_version_not_found", "Version " + wanted + " is not among this secret's listed versions (the "
                + "last " + Secret.KEPT_VERSIONS + ", as many as SSM keeps).", Violation.body(
                "no such version of this secret", "not_found", "version")));
        // A SAS that has expired since is no credential to go back to (create and rotation refuse it too).
        if (target.validity() != null && target.validity().expiresAt() != null
                && !target.validity().expiresAt().isAfter(clock.instant())) {
            throw InvalidInputException.of("validation_error", "Version " + wanted + "'s SAS token expired at "
                    + target.validity().expiresAt() + "; roll back to a later version or rotate.",
                    Violation.body("the version's credentials have expired", "value_error", "version"));
        }
        // Even to the version already current it commits (a new updated_at): a rollback still in flight from before,
        // conditioned on the state both read, can then never land after this one was acknowledged.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!now.isAfter(existing.updatedAt())) {
            now = existing.updatedAt().plusMillis(1);
        }
        Secret rolledBack = new Secret(existing.id(), teamId, existing.name(), existing.description(),
                target.authMethod().secretType(), target.authMethod(), existing.createdAt(), existing.createdBy(), now,
                principal.subject(), existing.credentialPath(), null, null, null, wanted, false, target.validity(),
                existing.listedVersions());
        AuditEvent event = audit(principal, "secret_rolled_back", rolledBack);
        try {
            CredentialWrites.commit(() -> secrets.updateSecret(existing, rolledBack, event), () -> stored(rolledBack));
            return rolledBack;
        } catch (RuntimeException e) {
            throw failure(e, rolledBack, "The rollback");
        }
    }

    /** Whether the metadata now holds this write (its version time and author). */
    private boolean stored(Secret written) {
        return secrets.findSecret(written.teamId(), written.id())
                .filter(s -> s.updatedAt().equals(written.updatedAt()) && !s.pending()
                        && s.updatedBy().equals(written.updatedBy()))
                .isPresent();
    }

    /**
     * Deletes the metadata in one transaction (secret, name lock, tier slot), then the parameter: a failure in
     * between leaves an orphaned parameter for the sweeper, never a secret without credentials. A concurrent change
     * is re-read and retried.
     */
    public void delete(Principal principal, UUID teamId, UUID secretId) {
        principal.require(teamId, Operation.DELETE_SECRET);
        for (int attempt = 1; ; attempt++) {
            Secret existing = find(teamId, secretId);
            try {
                AuditEvent event = audit(principal, "secret_deleted", existing);
                writes.delete(() -> secrets.deleteSecret(existing, event),
                        () -> secrets.findSecret(teamId, secretId).isEmpty(), existing.credentialPath());
                return;
            } catch (SecretModifiedException e) {
                if (attempt >= 3) {
                    throw failure(e, existing, "The deletion");
                }
            } catch (RuntimeException e) {
                throw failure(e, existing, "The deletion");
            }
        }
    }

    private Secret find(UUID teamId, UUID secretId) {
        return secrets.findVisibleSecret(teamId, secretId)
                .orElseThrow(() -> secretNotFound(secretId));
    }

    /** The 404 of a secret that is not (or not yet, or no longer) visible in the path's team. */
    public static NotFoundException secretNotFound(UUID secretId) {
        return new NotFoundException("secret_not_found", "Secret " + secretId + " does not exist in this team.",
                new Violation(List.of("path", "secret_id"), "no such secret in this team", "not_found"));
    }

    private static RuntimeException failure(RuntimeException e, Secret secret, String what) {
        if (e instanceof WriteFailedException failed) {
            return new WriteNotCompletedException(failed.getCause(), failed.mayHaveApplied(), what);
        }
        if (!(e instanceof Refusal)) {
            return e;
        }
        if (e instanceof SecretNotFoundException) {
            return secretNotFound(secret.id());
        }
        if (e instanceof SecretModifiedException) {
            return new ConflictException("secret_modified",
                    "The secret was changed by another request meanwhile; read it again and retry.");
        }
        return mapCreateFailure(e, secret);
    }

    private static RuntimeException mapCreateFailure(RuntimeException e, Secret secret) {
        if (e instanceof SecretNameConflictException) {
            return new ConflictException("secret_name_conflict",
                    "A secret named '" + secret.name() + "' already exists in this team.",
                    List.of(Violation.body("already used by another secret of this team (" + Names.COMPARED + ")",
                            "conflict", "name")));
        }
        if (e instanceof TierLimitExceededException limit) {
            return new LimitExceededException("tier_limit_exceeded",
                    "The " + limit.tier().displayName() + " tier allows at most " + limit.limit()
                            + " secrets; delete one or upgrade the plan.");
        }
        if (e instanceof VaultConnectionNotFoundException) {
            return SecretValidator.vaultConnectionNotFound(secret.vaultConnectionId());
        }
        return e;
    }
}
